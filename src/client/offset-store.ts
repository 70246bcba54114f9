// Where a consumer keeps its progress per queue (the offset of the next message to consume).
// - BrokerOffsetStore (CLUSTERING): the broker keeps it; read with QUERY_CONSUMER_OFFSET,
//   written with UPDATE_CONSUMER_OFFSET (oneway periodically, awaited on final persist).
// - LocalOffsetStore (BROADCASTING): a JSON file per client and group, in Java's
//   OffsetSerializeWrapper form {"offsetTable":{{"brokerName":..,"queueId":..,"topic":..}:7}}.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseFastjson, stringifyFastjson, type JsonMap } from "../common/index.ts";
import { queryConsumerOffset, updateConsumerOffset } from "./broker-api.ts";
import type { ClientCore } from "./client-core.ts";
import { mqKey, type MessageQueue } from "./message.ts";

export interface OffsetStore {
  /** The stored offset, or -1 when there is none. */
  read(mq: MessageQueue): Promise<number>;
  /** Records progress in memory; persist() makes it durable. */
  update(mq: MessageQueue, offset: number): void;
  /** The offset in memory, or undefined. */
  current(mq: MessageQueue): number | undefined;
  /** Writes the in-memory offsets of these queues; `final` waits for the broker's answer. */
  persist(mqs: readonly MessageQueue[], final?: boolean): Promise<void>;
  remove(mq: MessageQueue): void;
}

abstract class MemoryOffsets {
  protected readonly table = new Map<string, { mq: MessageQueue; offset: number }>();

  update(mq: MessageQueue, offset: number): void {
    this.table.set(mqKey(mq), { mq, offset });
  }

  current(mq: MessageQueue): number | undefined {
    return this.table.get(mqKey(mq))?.offset;
  }

  remove(mq: MessageQueue): void {
    this.table.delete(mqKey(mq));
  }
}

export class BrokerOffsetStore extends MemoryOffsets implements OffsetStore {
  constructor(
    private readonly core: ClientCore,
    private readonly group: string,
  ) {
    super();
  }

  async read(mq: MessageQueue): Promise<number> {
    const addr = await this.brokerAddr(mq);
    return queryConsumerOffset(this.core.remoting, addr, this.group, mq, this.core.opts.requestTimeoutMs);
  }

  async persist(mqs: readonly MessageQueue[], final = false): Promise<void> {
    await Promise.all(
      mqs.map(async (mq) => {
        const offset = this.current(mq);
        if (offset === undefined || offset < 0) return;
        try {
          const addr = await this.brokerAddr(mq);
          await updateConsumerOffset(this.core.remoting, addr, this.group, mq, offset, final ? this.core.opts.requestTimeoutMs : undefined);
        } catch (err) {
          this.core.log.warn("offset persist failed", { topic: mq.topic, queueId: mq.queueId, error: String(err) });
        }
      }),
    );
  }

  private async brokerAddr(mq: MessageQueue): Promise<string> {
    let addr = this.core.readAddr(mq.brokerName);
    if (!addr) {
      await this.core.route(mq.topic, true);
      addr = this.core.readAddr(mq.brokerName);
    }
    if (!addr) throw new Error(`broker ${mq.brokerName} has no address in the route`);
    return addr;
  }
}

export class LocalOffsetStore extends MemoryOffsets implements OffsetStore {
  private readonly stored = new Map<string, number>();

  constructor(readonly path: string) {
    super();
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return;
    }
    const parsed = parseFastjson(text) as { offsetTable?: unknown } | null;
    const table = typeof parsed === "object" && parsed !== null ? parsed.offsetTable : undefined;
    if (typeof table !== "object" || table === null || Array.isArray(table)) return;
    for (const [key, value] of Object.entries(table)) {
      const mq = JSON.parse(key) as MessageQueue;
      if (typeof value === "number") this.stored.set(mqKey(mq), value);
    }
  }

  read(mq: MessageQueue): Promise<number> {
    return Promise.resolve(this.stored.get(mqKey(mq)) ?? -1);
  }

  persist(): Promise<void> {
    const table: JsonMap = new Map();
    for (const [key, { mq, offset }] of this.table) {
      this.stored.set(key, offset);
      table.set({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic }, offset);
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, stringifyFastjson({ offsetTable: table }, { quoteNumericKeys: false }));
    renameSync(tmp, this.path);
    return Promise.resolve();
  }
}
