// Ordered-consumption queue locks: the table's rules (grant, refuse, renew, expire, unlock by the
// holder only) and LOCK_BATCH_MQ / UNLOCK_BATCH_MQ over the handler table, including release when
// the holder's connection closes.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode, type MessageQueue } from "../../src/common/index.ts";
import type { Connection } from "../../src/remoting/index.ts";
import { QueueLockTable, registerLockHandlers } from "../../src/broker/lock/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, text, type TestContext } from "./send-harness.ts";

const mq = (queueId: number): MessageQueue => ({ topic: "T", brokerName: "broker-a", queueId });

describe("QueueLockTable", () => {
  let nowMs = 1_000_000;
  const table = () => new QueueLockTable({ now: () => nowMs });

  test("a queue locked by one client is refused to another until the lock is 60 s old", () => {
    const locks = table();
    expect(locks.lock("g", "a", [mq(0), mq(1)])).toEqual([mq(0), mq(1)]);
    expect(locks.lock("g", "b", [mq(1), mq(2)])).toEqual([mq(2)]);
    nowMs += 60_000;
    expect(locks.lock("g", "b", [mq(1)])).toEqual([]);
    nowMs += 1;
    expect(locks.lock("g", "b", [mq(1)])).toEqual([mq(1)]);
    expect(locks.holderOf("g", mq(1))).toBe("b");
  });

  test("renewing keeps a lock alive; other groups are independent", () => {
    const locks = table();
    locks.lock("g", "a", [mq(0)]);
    nowMs += 50_000;
    expect(locks.lock("g", "a", [mq(0)])).toEqual([mq(0)]);
    nowMs += 50_000;
    expect(locks.lock("g", "b", [mq(0)])).toEqual([]);
    expect(locks.lock("other", "b", [mq(0)])).toEqual([mq(0)]);
  });

  test("only the holder unlocks; isLockAllExpired turns true once every lock lapsed or was released", () => {
    const locks = table();
    expect(locks.isLockAllExpired("g")).toBe(true);
    locks.lock("g", "a", [mq(0)]);
    locks.unlock("g", "b", [mq(0)]);
    expect(locks.holderOf("g", mq(0))).toBe("a");
    expect(locks.isLockAllExpired("g")).toBe(false);
    locks.unlock("g", "a", [mq(0)]);
    expect(locks.isLockAllExpired("g")).toBe(true);
    locks.lock("g", "a", [mq(0)]);
    nowMs += 60_001;
    expect(locks.isLockAllExpired("g")).toBe(true);
  });
});

describe("LOCK_BATCH_MQ / UNLOCK_BATCH_MQ", () => {
  let t: TestContext;
  let handlers: HandlerTable & { closeListeners: Array<(c: Connection) => void> };
  let locks: QueueLockTable;
  const connA = { ...fakeConnection("127.0.0.1:40001"), id: 11 };
  const connB = { ...fakeConnection("127.0.0.1:40002"), id: 12 };

  beforeEach(async () => {
    t = await openTestContext();
    const table = new HandlerTable();
    const closeListeners: Array<(c: Connection) => void> = [];
    handlers = Object.assign(table, { closeListeners });
    locks = registerLockHandlers({ register: (c, h) => table.register(c, h), onConnectionClose: (l) => closeListeners.push(l) }, t.ctx);
  });
  afterEach(async () => {
    await t.close();
  });

  const body = (clientId: string, queues: number[]) =>
    bytes(JSON.stringify({ consumerGroup: "g", clientId, mqSet: queues.map(mq) }));
  const lock = async (clientId: string, queues: number[], conn: Connection) => {
    const res = await handlers.call(RequestCode.LOCK_BATCH_MQ, {}, body(clientId, queues), conn);
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
    return (JSON.parse(text(res.body)) as { lockOKMQSet: MessageQueue[] }).lockOKMQSet.map((q) => q.queueId);
  };

  test("the reply lists the queues granted; another client gets only the free ones", async () => {
    expect(await lock("a", [0, 1], connA)).toEqual([0, 1]);
    expect(await lock("b", [0, 1, 2], connB)).toEqual([2]);
  });

  test("UNLOCK_BATCH_MQ frees the holder's queues for others", async () => {
    await lock("a", [0, 1], connA);
    const res = await handlers.call(RequestCode.UNLOCK_BATCH_MQ, {}, body("a", [0]), connA);
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(await lock("b", [0, 1], connB)).toEqual([0]);
  });

  test("when the holder's connection closes its locks are released at once", async () => {
    await lock("a", [0, 1], connA);
    await lock("b", [2], connB);
    for (const listener of handlers.closeListeners) listener(connA);
    expect(await lock("b", [0, 1, 2], connB)).toEqual([0, 1, 2]);
    expect(locks.holderOf("g", mq(0))).toBe("b");
  });

  test("a malformed body is SYSTEM_ERROR naming the problem", async () => {
    const res = await handlers.call(RequestCode.LOCK_BATCH_MQ, {}, bytes(`{"clientId":"a","mqSet":[]}`), connA);
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("consumerGroup");
  });
});
