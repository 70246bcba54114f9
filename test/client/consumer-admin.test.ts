// Bodies of the requests brokers send to consumers, the lock lifetime of a process queue, and
// the broadcasting offset file in fastjson's MessageQueue-key form.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readResetOffsets } from "../../src/client/consumer-admin.ts";
import { LocalOffsetStore } from "../../src/client/offset-store.ts";
import { LOCK_TTL_MS, ProcessQueue } from "../../src/client/process-queue.ts";
import { utf8 } from "../../src/common/index.ts";

describe("RESET_CONSUMER_CLIENT_OFFSET body", () => {
  test("fastjson's MessageQueue keys become queues with their offsets", () => {
    const body = utf8('{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:17,{"brokerName":"b","queueId":3,"topic":"T"}:0}}');
    const reset = readResetOffsets({ topic: "T", group: "g", timestamp: "1", isForce: "true" }, body);
    expect(reset.topic).toBe("T");
    expect(reset.group).toBe("g");
    expect(reset.offsets).toEqual([
      { mq: { topic: "T", brokerName: "b", queueId: 0 }, offset: 17 },
      { mq: { topic: "T", brokerName: "b", queueId: 3 }, offset: 0 },
    ]);
  });

  test("a body without an offset table or with a key that is no queue is refused", () => {
    expect(() => readResetOffsets({}, utf8('{"x":1}'))).toThrow(SyntaxError);
    expect(() => readResetOffsets({}, utf8('{"offsetTable":{{"topic":"T"}:1}}'))).toThrow(/not a queue/);
  });
});

describe("process queue lock", () => {
  test("is held from a granted lock until LOCK_TTL_MS later, and not after a refusal", () => {
    const pq = new ProcessQueue();
    expect(pq.holdsLock(1000)).toBe(false);
    pq.setLocked(true, 1000);
    expect(pq.holdsLock(1000 + LOCK_TTL_MS)).toBe(true);
    expect(pq.holdsLock(1001 + LOCK_TTL_MS)).toBe(false);
    pq.setLocked(false, 2000);
    expect(pq.holdsLock(2000)).toBe(false);
  });
});

describe("broadcasting offset file", () => {
  test("is written in fastjson's form and read back, also from a file Java wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mq-client-offsets-"));
    try {
      const path = join(dir, "offsets.json");
      const store = new LocalOffsetStore(path);
      store.update({ topic: "T", brokerName: "b", queueId: 1 }, 42);
      await store.persist();
      expect(readFileSync(path, "utf8")).toBe('{"offsetTable":{{"brokerName":"b","queueId":1,"topic":"T"}:42}}');
      expect(await new LocalOffsetStore(path).read({ topic: "T", brokerName: "b", queueId: 1 })).toBe(42);
      writeFileSync(path, '{\n\t"offsetTable":{{\n\t\t"brokerName":"b",\n\t\t"queueId":0,\n\t\t"topic":"T"\n\t}:7\n\t}\n}');
      expect(await new LocalOffsetStore(path).read({ topic: "T", brokerName: "b", queueId: 0 })).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
