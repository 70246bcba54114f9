// Timer messages in the broker: a TIMER_* (or __STARTDELIVERTIME) send waits in
// rmq_sys_wheel_timer, indexed by due time in timer.db, and the TimerService puts it into its
// real topic once due; the index survives a restart.
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { decodeRecord, encodeBatchBody, formatProperties, parseProperties, queueOffset, RequestCode, ResponseCode, SystemTopic, type MessageRecord } from "../../src/common/index.ts";
import { encodeSendHeaderV2, type BrokerInit } from "../../src/broker/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { registerTimerHandlers, TimerService } from "../../src/broker/timer/index.ts";
import { bytes, HandlerTable, openTestContext, sendHeader, tempDir, text, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
let timers: TimerService | undefined;
afterEach(async () => {
  await timers?.close();
  timers = undefined;
  await t?.close();
  t = undefined;
});

interface Rig {
  t: TestContext;
  handlers: HandlerTable;
  clock: { nowMs: number };
  timers: TimerService;
}

async function rig(overrides: Partial<BrokerInit> = {}, dir = tempDir("mq-timer-")): Promise<Rig> {
  t = await openTestContext(overrides, dir);
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  const clock = { nowMs: Date.now() };
  timers = new TimerService(t.ctx, { dbFile: join(dir.path, "timer.db"), now: () => clock.nowMs });
  registerTimerHandlers(handlers, t.ctx, timers);
  return { t, handlers, clock, timers };
}

async function send(r: Rig, properties: Record<string, string>, body = "later") {
  const header = sendHeader({ topic: "Timed", queueId: 2, properties: formatProperties({ TAGS: "T", ...properties }) });
  return r.handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes(body));
}

const delivered = (r: Rig): MessageRecord[] => r.t.store.getMessages("Timed", 2, queueOffset(0), 64).records.map((b) => decodeRecord(b));

async function until(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(5);
  }
}

describe("timer routing", () => {
  test("a TIMER_DELAY_MS message waits in rmq_sys_wheel_timer and reaches its topic at its due time, not before", async () => {
    const r = await rig();
    const sentAt = Date.now();
    expect((await send(r, { TIMER_DELAY_MS: "60000" })).code).toBe(ResponseCode.SUCCESS);
    const [parked] = r.t.store.getMessages(SystemTopic.TIMER, 0, queueOffset(0), 1).records.map((b) => decodeRecord(b));
    const dueMs = Number(parseProperties(parked!.properties).get("TIMER_OUT_MS"));
    expect(dueMs).toBeGreaterThanOrEqual(sentAt + 60_000);
    expect(parseProperties(parked!.properties).get("REAL_TOPIC")).toBe("Timed");
    await until(() => r.timers.pendingCount() === 1);
    r.clock.nowMs = dueMs - 1;
    await r.timers.tick();
    expect(delivered(r)).toHaveLength(0);
    r.clock.nowMs = dueMs;
    await r.timers.tick();
    const [real] = delivered(r);
    expect(text(real!.body)).toBe("later");
    const props = parseProperties(real!.properties);
    expect(props.has("REAL_TOPIC") || props.has("REAL_QID")).toBe(false);
    expect(props.get("TIMER_OUT_MS")).toBe(String(dueMs));
    expect(props.get("TIMER_DEQUEUE_MS")).toBe(String(dueMs));
    expect(props.get("TAGS")).toBe("T");
    expect(r.timers.pendingCount()).toBe(0);
  });

  test("TIMER_DELIVER_MS, TIMER_DELAY_SEC and __STARTDELIVERTIME each set the due time", async () => {
    const r = await rig();
    const base = Date.now();
    await send(r, { TIMER_DELIVER_MS: String(base + 30_000) }, "at");
    await send(r, { TIMER_DELAY_SEC: "20" }, "sec");
    await send(r, { __STARTDELIVERTIME: String(base + 10_000) }, "ons");
    const due = r.t.store.getMessages(SystemTopic.TIMER, 0, queueOffset(0), 8).records.map((b) => {
      const rec = decodeRecord(b);
      return [text(rec.body), Number(parseProperties(rec.properties).get("TIMER_OUT_MS")) - base];
    });
    expect(due[0]).toEqual(["at", 30_000]);
    expect(due[1]![1]).toBeGreaterThanOrEqual(20_000);
    expect(due[1]![1]).toBeLessThan(21_000);
    expect(due[2]).toEqual(["ons", 10_000]);
    await until(() => r.timers.pendingCount() === 3);
    r.clock.nowMs = base + 25_000;
    await r.timers.tick();
    expect(delivered(r).map((m) => text(m.body))).toEqual(["ons", "sec"]);
  });

  test("a timer already due, or asked with a delay level, is not parked", async () => {
    const r = await rig();
    await send(r, { TIMER_DELIVER_MS: String(Date.now() - 1000) }, "past");
    expect(delivered(r).map((m) => text(m.body))).toEqual(["past"]);
    await send(r, { TIMER_DELAY_MS: "60000", DELAY: "1" }, "level");
    expect(r.t.store.maxOffset(SystemTopic.TIMER, 0)).toBe(queueOffset(0));
    expect(r.t.store.maxOffset(SystemTopic.SCHEDULE, 0)).toBe(queueOffset(1));
  });

  test("a timer beyond timerMaxDelaySec is refused with MESSAGE_ILLEGAL and Apache RocketMQ's remark, a malformed one too", async () => {
    const r = await rig({ timerMaxDelaySec: 60 });
    const far = await send(r, { TIMER_DELAY_SEC: "61" });
    expect(far.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    // SendMessageProcessor's remark for WHEEL_TIMER_MSG_ILLEGAL, word for word (real clients show it as is).
    expect(far.remark).toBe("timer message illegal, the delay time should not be bigger than the max delay 60000ms; or if set del msg, the delay time should be bigger than the current time");
    expect((await send(r, { TIMER_DELAY_MS: "soon" })).code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(r.t.store.maxOffset(SystemTopic.TIMER, 0)).toBe(queueOffset(0));
  });

  test("with timerWheelEnable=false a TIMER_* send is refused with SYSTEM_ERROR", async () => {
    const r = await rig({ timerWheelEnable: false });
    const res = await send(r, { TIMER_DELAY_MS: "5000" });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("timerWheelEnable");
  });

  test("a batch holding a timer message is refused with MESSAGE_ILLEGAL", async () => {
    const r = await rig();
    const body = encodeBatchBody([{ flag: 0, body: bytes("a"), properties: formatProperties({ TIMER_DELAY_MS: "5000" }) }]);
    const res = await r.handlers.call(RequestCode.SEND_BATCH_MESSAGE, encodeSendHeaderV2(sendHeader({ topic: "Timed", batch: true })), body);
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
  });
});

describe("timer restart", () => {
  test("after a clean restart a pending timer is delivered once and a delivered one is not repeated", async () => {
    const dir = tempDir("mq-timer-restart-");
    let r = await rig({}, dir);
    const base = Date.now();
    await send(r, { TIMER_DELIVER_MS: String(base + 5_000) }, "before");
    await send(r, { TIMER_DELIVER_MS: String(base + 50_000) }, "after");
    await until(() => r.timers.pendingCount() === 2);
    r.clock.nowMs = base + 6_000;
    await r.timers.tick();
    expect(delivered(r).map((m) => text(m.body))).toEqual(["before"]);
    await r.timers.close();
    timers = undefined;
    await r.t.store.close();
    r = await rig({}, dir);
    r.clock.nowMs = base + 60_000;
    await r.timers.tick();
    expect(delivered(r).map((m) => text(m.body))).toEqual(["before", "after"]);
    await r.timers.tick();
    expect(delivered(r)).toHaveLength(2);
  });
});

describe("RECALL_MESSAGE", () => {
  test("a recalled timer message is never delivered; the send reply's recallHandle names it", async () => {
    const r = await rig({ recallMessageEnable: true });
    const sent = await send(r, { TIMER_DELAY_MS: "60000", UNIQ_KEY: "UNIQ-T1" }, "recalled");
    await send(r, { TIMER_DELAY_MS: "60000", UNIQ_KEY: "UNIQ-T2" }, "kept");
    const handle = sent.extFields.recallHandle!;
    expect(Buffer.from(handle, "base64url").toString()).toMatch(/^v1 Timed broker-a \d+ UNIQ-T1$/);
    const res = await r.handlers.call(RequestCode.RECALL_MESSAGE, { producerGroup: "pg", topic: "Timed", recallHandle: handle });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.msgId).toBe("UNIQ-T1");
    r.clock.nowMs = Date.now() + 120_000;
    await r.timers.tick();
    expect(delivered(r).map((m) => text(m.body))).toEqual(["kept"]);
  });

  test("RECALL_MESSAGE is refused with NO_PERMISSION unless recallMessageEnable, and a bad handle with ILLEGAL_OPERATION", async () => {
    const off = await rig();
    const sent = await send(off, { TIMER_DELAY_MS: "60000", UNIQ_KEY: "UNIQ-T3" });
    const refused = await off.handlers.call(RequestCode.RECALL_MESSAGE, { producerGroup: "pg", topic: "Timed", recallHandle: sent.extFields.recallHandle });
    expect(refused.code).toBe(ResponseCode.NO_PERMISSION);
    await timers?.close();
    timers = undefined;
    await t?.close();
    const on = await rig({ recallMessageEnable: true });
    await send(on, { TIMER_DELAY_MS: "60000", UNIQ_KEY: "UNIQ-T4" });
    const bad = await on.handlers.call(RequestCode.RECALL_MESSAGE, { producerGroup: "pg", topic: "Timed", recallHandle: "bm90IGEgaGFuZGxl" });
    expect(bad.code).toBe(ResponseCode.ILLEGAL_OPERATION);
  });
});
