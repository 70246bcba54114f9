// A slave's copy of its master's metadata (RocketMQ's SlaveSynchronize.syncAll), over the normal
// port with RocketMQ's codes, first as soon as the master's address is known, then every
// intervalMs:
//   GET_ALL_TOPIC_CONFIG (21)              the topic table, replaced when its dataVersion moved
//   GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) the group table, likewise
//   GET_ALL_CONSUMER_OFFSET (43)           merged: the master's offsets win
//   GET_ALL_DELAY_OFFSET (45)              merged: the master's delay-level progress wins
// A round that fails is logged once and tried again next time; it never stops the slave.
import {
  asFields,
  fieldsOf,
  jsonBody,
  parseBody,
  queueOffset,
  readTopicConfigWrapper,
  RequestCode,
  ResponseCode,
  type Logger,
} from "../../common/index.ts";
import { request, type RemotingClient, type RemotingCommand } from "../../remoting/index.ts";
import { readGroupConfig } from "../admin/index.ts";
import { offsetTableEntries } from "./offset-table.ts";
import type { BrokerContext } from "../context.ts";

const TIMEOUT_MS = 3000;

export interface SlaveSyncOptions {
  ctx: BrokerContext;
  client: RemotingClient;
  /** The master's remoting address, once a registration told it. */
  masterAddr: () => string | undefined;
  intervalMs: number;
  log: Logger;
}

export class SlaveSync {
  private readonly timer: ReturnType<typeof setInterval>;
  private topicsVersion = "";
  private groupsVersion = "";
  private failing = false;
  private running: Promise<void> | undefined;
  /** Rounds completed (tests and haStatus). */
  rounds = 0;

  constructor(private readonly o: SlaveSyncOptions) {
    this.timer = setInterval(() => void this.syncSoon(), o.intervalMs);
  }

  /** One round now, unless one is running (then that one). */
  syncSoon(): Promise<void> {
    this.running ??= this.syncAll().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async syncAll(): Promise<void> {
    const addr = this.o.masterAddr();
    if (addr === undefined) return;
    try {
      this.syncTopics(await this.fetch(addr, RequestCode.GET_ALL_TOPIC_CONFIG));
      this.syncGroups(await this.fetch(addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
      this.syncConsumerOffsets(await this.fetch(addr, RequestCode.GET_ALL_CONSUMER_OFFSET));
      this.syncDelayOffsets(await this.fetch(addr, RequestCode.GET_ALL_DELAY_OFFSET));
      this.rounds++;
      if (this.failing) this.o.log.info("metadata sync from the master works again", { master: addr });
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.o.log.warn("metadata sync from the master failed; retrying", { master: addr, error: String(e) });
      this.failing = true;
    }
  }

  private async fetch(addr: string, code: number): Promise<RemotingCommand> {
    const res = await this.o.client.invoke(addr, request(code, {}), TIMEOUT_MS);
    if (res.code !== ResponseCode.SUCCESS) throw new Error(`request ${code} answered ${res.code}: ${res.remark ?? ""}`);
    return res;
  }

  private syncTopics(res: RemotingCommand): void {
    const wrapper = readTopicConfigWrapper(asFields(parseBody(res.body), "TopicConfigSerializeWrapper"));
    const version = JSON.stringify(wrapper.dataVersion);
    if (version === this.topicsVersion) return;
    const { topics } = this.o.ctx;
    let changed = 0;
    for (const local of topics.all()) {
      if (local.topicName in wrapper.topicConfigTable) continue;
      topics.delete(local.topicName);
      changed++;
    }
    for (const config of Object.values(wrapper.topicConfigTable)) {
      if (JSON.stringify(topics.get(config.topicName)) === JSON.stringify(config)) continue;
      topics.put(config);
      changed++;
    }
    if (changed > 0) this.o.log.info("topics synced from the master", { changed, topics: topics.all().length });
    this.topicsVersion = version;
  }

  private syncGroups(res: RemotingCommand): void {
    const body = asFields(parseBody(res.body), "SubscriptionGroupWrapper");
    const version = JSON.stringify(body.dataVersion);
    if (version === this.groupsVersion) return;
    const table = fieldsOf(body, "subscriptionGroupTable");
    const { groups } = this.o.ctx;
    for (const local of groups.all()) if (!(local.groupName in table)) groups.delete(local.groupName);
    for (const value of Object.values(table)) {
      const config = readGroupConfig(jsonBody(value));
      if (JSON.stringify(groups.get(config.groupName)) !== JSON.stringify(config)) groups.put(config);
    }
    this.groupsVersion = version;
  }

  private syncConsumerOffsets(res: RemotingCommand): void {
    const offsets = this.o.ctx.store.meta.consumerOffsets;
    for (const e of offsetTableEntries(res.body)) {
      if (offsets.query(e.group, e.topic, e.queueId) !== e.offset) offsets.commit(e.group, e.topic, e.queueId, queueOffset(e.offset));
    }
  }

  private syncDelayOffsets(res: RemotingCommand): void {
    const table = fieldsOf(asFields(parseBody(res.body), "DelayOffsetSerializeWrapper"), "offsetTable");
    const delays = this.o.ctx.store.meta.delayOffsets;
    for (const [level, offset] of Object.entries(table)) {
      if (typeof offset === "number" && delays.get(Number(level)) !== offset) delays.set(Number(level), queueOffset(offset));
    }
  }
}
