// Transactional messages in the broker: the half message parks in RMQ_SYS_TRANS_HALF_TOPIC,
// END_TRANSACTION commits (real message + op record) or rolls back (op record only), and the
// check service asks the producer group about halves left open.
import { afterEach, describe, expect, test } from "bun:test";
import {
  decodeRecord,
  decodeRecords,
  encodeBatchBody,
  formatProperties,
  MessageSysFlag,
  parseProperties,
  queueOffset,
  RequestCode,
  ResponseCode,
  SystemTopic,
  TRANSACTION_CHECK_GROUP,
  type MessageRecord,
} from "../../src/common/index.ts";
import { encodeSendHeaderV2, type BrokerInit } from "../../src/broker/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { registerTransactionHandlers, type TransactionCheckService } from "../../src/broker/transaction/index.ts";
import type { Connection, RemotingCommand } from "../../src/remoting/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, sendHeader, tempDir, text, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
let closeTx: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeTx?.();
  closeTx = undefined;
  await t?.close();
  t = undefined;
});

interface Rig {
  t: TestContext;
  handlers: HandlerTable;
  checker: TransactionCheckService;
  clock: { nowMs: number };
}

async function rig(overrides: Partial<BrokerInit> = {}, dir = tempDir("mq-tx-")): Promise<Rig> {
  t = await openTestContext({ transactionCheckInterval: 3_600_000, ...overrides }, dir);
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  const clock = { nowMs: Date.now() };
  const tx = registerTransactionHandlers(handlers, t.ctx, { now: () => clock.nowMs });
  closeTx = tx.close;
  return { t, handlers, checker: tx.checker!, clock };
}

const halfProperties = (extra: Record<string, string> = {}): string =>
  formatProperties({ TRAN_MSG: "true", PGROUP: "txGroup", UNIQ_KEY: "UNIQ-1", TAGS: "T", ...extra });

async function sendHalf(r: Rig, extra: Record<string, string> = {}): Promise<RemotingCommand> {
  const header = sendHeader({
    producerGroup: "txGroup",
    topic: "Orders",
    queueId: 1,
    sysFlag: MessageSysFlag.TRANSACTION_PREPARED,
    properties: halfProperties(extra),
  });
  const res = await r.handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes("order 42"));
  expect(res.code).toBe(ResponseCode.SUCCESS);
  return res;
}

function endFields(half: MessageRecord, commitOrRollback: number, fromTransactionCheck = false): Record<string, string | number | boolean> {
  return {
    producerGroup: "txGroup",
    tranStateTableOffset: half.queueOffset,
    commitLogOffset: half.physicalOffset,
    commitOrRollback,
    fromTransactionCheck,
    msgId: "UNIQ-1",
  };
}

function records(r: Rig, topic: string, queueId = 0): MessageRecord[] {
  return r.t.store.getMessages(topic, queueId, queueOffset(0), 64).records.map((b) => decodeRecord(b));
}

/** A connection that records what the broker sends it, registered as a producer of txGroup. */
function producerOnline(r: Rig): RemotingCommand[] {
  const sent: RemotingCommand[] = [];
  const conn: Connection = { ...fakeConnection("127.0.0.1:50002"), invokeOneway: (cmd) => void sent.push(cmd) };
  r.t.ctx.clients.producerGroups().set("txGroup", new Map([["client-1", { clientId: "client-1", connection: conn, language: "JAVA", version: 409, lastUpdateTimestamp: Date.now() }]]));
  return sent;
}

describe("half messages", () => {
  test("a half message is parked in RMQ_SYS_TRANS_HALF_TOPIC, invisible in its topic, and the reply names the half", async () => {
    const r = await rig();
    const res = await sendHalf(r);
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(0));
    const [half] = records(r, SystemTopic.TRANS_HALF);
    const props = parseProperties(half!.properties);
    expect(props.get("REAL_TOPIC")).toBe("Orders");
    expect(props.get("REAL_QID")).toBe("1");
    expect(props.get("__transactionId__")).toBe("UNIQ-1");
    expect(half!.sysFlag & MessageSysFlag.TRANSACTION_MASK).toBe(MessageSysFlag.TRANSACTION_NOT);
    expect(res.extFields.queueOffset).toBe("0");
    expect(res.extFields.transactionId).toBe("UNIQ-1");
  });

  test("rejectTransactionMessage refuses half messages with NO_PERMISSION", async () => {
    const r = await rig({ rejectTransactionMessage: true });
    const header = sendHeader({ producerGroup: "txGroup", topic: "Orders", properties: halfProperties() });
    const res = await r.handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes("x"));
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
    expect(res.remark).toContain("rejectTransactionMessage");
  });

  test("a batch holding a transactional message is refused with MESSAGE_ILLEGAL", async () => {
    const r = await rig();
    const body = encodeBatchBody([{ flag: 0, body: bytes("a"), properties: halfProperties() }]);
    const header = sendHeader({ producerGroup: "txGroup", topic: "Orders", batch: true });
    const res = await r.handlers.call(RequestCode.SEND_BATCH_MESSAGE, encodeSendHeaderV2(header), body);
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(r.t.store.maxOffset("Orders", 0)).toBe(queueOffset(0));
  });
});

describe("END_TRANSACTION", () => {
  test("commit stores the real message once, with sysFlag COMMIT, and an op record naming the half", async () => {
    const r = await rig();
    await sendHalf(r);
    const [half] = records(r, SystemTopic.TRANS_HALF);
    const res = await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_COMMIT));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const [real] = records(r, "Orders", 1);
    expect(text(real!.body)).toBe("order 42");
    expect(real!.sysFlag & MessageSysFlag.TRANSACTION_MASK).toBe(MessageSysFlag.TRANSACTION_COMMIT);
    expect(real!.preparedTransactionOffset).toBe(half!.physicalOffset);
    const props = parseProperties(real!.properties);
    expect(props.has("TRAN_MSG") || props.has("REAL_TOPIC") || props.has("REAL_QID")).toBe(false);
    expect(props.get("TAGS")).toBe("T");
    const [op] = records(r, SystemTopic.TRANS_OP_HALF);
    expect(text(op!.body)).toBe("0,");
    expect(parseProperties(op!.properties).get("TAGS")).toBe("d");
    // The same commit again (a check-back's late answer): no second real message.
    await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_COMMIT, true));
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(1));
  });

  test("rollback writes only the op record", async () => {
    const r = await rig();
    await sendHalf(r);
    const [half] = records(r, SystemTopic.TRANS_HALF);
    const res = await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_ROLLBACK));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(0));
    expect(r.t.store.maxOffset(SystemTopic.TRANS_OP_HALF, 0)).toBe(queueOffset(1));
  });

  test("an END naming another producer group or queue offset is refused and commits nothing", async () => {
    const r = await rig();
    await sendHalf(r);
    const [half] = records(r, SystemTopic.TRANS_HALF);
    const wrongGroup = await r.handlers.call(RequestCode.END_TRANSACTION, { ...endFields(half!, 8), producerGroup: "other" });
    expect(wrongGroup.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(wrongGroup.remark).toContain("producer group wrong");
    const wrongOffset = await r.handlers.call(RequestCode.END_TRANSACTION, { ...endFields(half!, 8), tranStateTableOffset: 5 });
    expect(wrongOffset.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(0));
  });

  test("a producer ending past its CHECK_IMMUNITY_TIME_IN_SECONDS is refused with ILLEGAL_OPERATION; the check may end it", async () => {
    const r = await rig();
    await sendHalf(r, { CHECK_IMMUNITY_TIME_IN_SECONDS: "10" });
    const [half] = records(r, SystemTopic.TRANS_HALF);
    r.clock.nowMs = half!.bornTimestamp + 11_000;
    const late = await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_COMMIT));
    expect(late.code).toBe(ResponseCode.ILLEGAL_OPERATION);
    const checked = await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_COMMIT, true));
    expect(checked.code).toBe(ResponseCode.SUCCESS);
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(1));
  });
});

describe("check-back", () => {
  test("the check-back header names the half topic and this broker in bname, as Apache RocketMQ 5's sendCheckMessage", async () => {
    const r = await rig({ transactionTimeOut: 1000 });
    const sent = producerOnline(r);
    await sendHalf(r);
    r.clock.nowMs += 2000;
    await r.checker.check();
    const h = sent[0]!.extFields;
    expect(h.topic).toBe(SystemTopic.TRANS_HALF);
    expect(h.bname).toBe(r.t.ctx.options.brokerName);
    expect(h.brokerName).toBeUndefined();
    expect(h.msgId).toBe(h.transactionId);
  });

  test("a half left open past transactionTimeOut is checked back with its real topic; the answer commits the copy", async () => {
    const r = await rig({ transactionTimeOut: 1000 });
    const sent = producerOnline(r);
    await sendHalf(r);
    await r.checker.check();
    expect(sent).toHaveLength(0); // too young
    r.clock.nowMs += 2000;
    await r.checker.check();
    expect(sent).toHaveLength(1);
    const check = sent[0]!;
    expect(check.code).toBe(RequestCode.CHECK_TRANSACTION_STATE);
    const [body] = decodeRecords(check.body!);
    expect(body!.topic).toBe("Orders");
    expect(parseProperties(body!.properties).get("TRANSACTION_CHECK_TIMES")).toBe("1");
    expect(check.extFields.tranStateTableOffset).toBe("1"); // the re-appended copy
    const copy = records(r, SystemTopic.TRANS_HALF)[1]!;
    expect(check.extFields.commitLogOffset).toBe(String(copy.physicalOffset));
    const res = await r.handlers.call(RequestCode.END_TRANSACTION, endFields(copy, MessageSysFlag.TRANSACTION_COMMIT, true));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(1));
    r.clock.nowMs += 2000;
    await r.checker.check();
    expect(sent).toHaveLength(1); // resolved: no more checks
    expect(r.t.store.meta.consumerOffsets.query(TRANSACTION_CHECK_GROUP, SystemTopic.TRANS_HALF, 0)).toBe(queueOffset(2));
  });

  test("a half with CHECK_IMMUNITY_TIME_IN_SECONDS is checked only after it, without holding up the halves behind it", async () => {
    const r = await rig({ transactionTimeOut: 1000 });
    const sent = producerOnline(r);
    await sendHalf(r, { CHECK_IMMUNITY_TIME_IN_SECONDS: "60", UNIQ_KEY: "IMMUNE" });
    await sendHalf(r, { UNIQ_KEY: "PLAIN" });
    r.clock.nowMs += 5000;
    await r.checker.check();
    expect(sent.map((c) => c.extFields.msgId)).toEqual(["PLAIN"]);
    r.clock.nowMs += 60_000;
    await r.checker.check();
    expect(sent.map((c) => c.extFields.msgId).sort()).toEqual(["IMMUNE", "PLAIN", "PLAIN"]);
  });

  test("a half ended by the producer is never checked back", async () => {
    const r = await rig({ transactionTimeOut: 1000 });
    const sent = producerOnline(r);
    await sendHalf(r);
    const [half] = records(r, SystemTopic.TRANS_HALF);
    await r.handlers.call(RequestCode.END_TRANSACTION, endFields(half!, MessageSysFlag.TRANSACTION_ROLLBACK));
    r.clock.nowMs += 5000;
    await r.checker.check();
    expect(sent).toHaveLength(0);
    expect(r.t.store.meta.consumerOffsets.query(TRANSACTION_CHECK_GROUP, SystemTopic.TRANS_OP_HALF, 0)).toBe(queueOffset(1));
  });

  test("a half never answered moves to TRANS_CHECK_MAX_TIME_TOPIC after transactionCheckMax checks", async () => {
    const r = await rig({ transactionTimeOut: 1000, transactionCheckMax: 3 });
    const sent = producerOnline(r);
    await sendHalf(r);
    for (let round = 0; round < 5; round++) {
      r.clock.nowMs += 2000;
      await r.checker.check();
    }
    expect(sent).toHaveLength(3);
    const [parked] = records(r, SystemTopic.TRANS_CHECK_MAX_TIME);
    expect(text(parked!.body)).toBe("order 42");
    expect(r.t.ctx.topics.get(SystemTopic.TRANS_CHECK_MAX_TIME)).toBeDefined();
    expect(r.t.store.maxOffset("Orders", 1)).toBe(queueOffset(0));
  });

  test("a committed transaction whose op record was lost is not committed again by the check", async () => {
    const r = await rig({ transactionTimeOut: 1000 });
    const sent = producerOnline(r);
    await sendHalf(r);
    const [half] = records(r, SystemTopic.TRANS_HALF);
    // Commit the way a crash between the real message and its op record leaves it.
    const { committedMessage } = await import("../../src/broker/transaction/half-record.ts");
    await r.t.store.put(committedMessage(half!)!.message);
    r.clock.nowMs += 2000;
    await r.checker.check();
    expect(sent).toHaveLength(0);
    expect(r.t.store.maxOffset(SystemTopic.TRANS_OP_HALF, 0)).toBe(queueOffset(1));
  });

  test("the half and op queues are the state: a restarted broker checks back and commits a half sent before", async () => {
    const dir = tempDir("mq-tx-restart-");
    let r = await rig({ transactionTimeOut: 1000 }, dir);
    await sendHalf(r);
    await closeTx?.();
    closeTx = undefined;
    await r.t.store.close();
    r = await rig({ transactionTimeOut: 1000 }, dir);
    const sent = producerOnline(r);
    r.clock.nowMs += 2000;
    await r.checker.check();
    expect(sent).toHaveLength(1);
    const copy = records(r, SystemTopic.TRANS_HALF)[1]!;
    await r.handlers.call(RequestCode.END_TRANSACTION, endFields(copy, MessageSysFlag.TRANSACTION_COMMIT, true));
    expect(records(r, "Orders", 1).map((m) => text(m.body))).toEqual(["order 42"]);
  });
});
