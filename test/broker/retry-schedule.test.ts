// Delay levels in real time: the schedule service delivers each message within a few ms of its due
// time (store time + the level's delay), including a level shorter than its 100 ms tick.
import { afterEach, expect, test } from "bun:test";
import { decodeRecord, formatProperties, RequestCode, ResponseCode } from "../../src/common/index.ts";
import { registerSendHandlers, ScheduleService } from "../../src/broker/send/index.ts";
import { encodeSendHeaderV2, parseDelayLevels } from "../../src/broker/index.ts";
import { bytes, HandlerTable, openTestContext, sendHeader, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
let schedule: ScheduleService | undefined;
afterEach(async () => {
  await schedule?.close();
  await t?.close();
});

test("messageDelayLevel accepts ms next to s, m, h and d", () => {
  expect(parseDelayLevels("30ms 1s 2m 1h 1d")).toEqual([30, 1000, 120_000, 3_600_000, 86_400_000]);
  expect(() => parseDelayLevels("5x")).toThrow("ms, s, m, h or d");
});

test("every level's message arrives within 100 ms after it falls due, never before", async () => {
  t = await openTestContext({ messageDelayLevel: "30ms 250ms 600ms" });
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  schedule = new ScheduleService(t.ctx);
  const lateness: number[] = [];
  const arrived = new Promise<void>((resolve) => {
    t!.store.onDispatch((e) => {
      if (e.topic !== "Timed") return;
      const record = decodeRecord(t!.store.recordAt(e.physicalOffset)!);
      const level = Number(record.body[0]) - 48;
      const dueMs = Number(new TextDecoder().decode(record.body.subarray(2))) + (t!.ctx.delayLevelsMs[level - 1] ?? 0);
      lateness.push(e.storeTimestamp - dueMs);
      if (lateness.length === 6) resolve();
    });
  });
  for (const level of [3, 1, 2, 1, 3, 2]) {
    const res = await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(
      sendHeader({ topic: "Timed", defaultTopicQueueNums: 1, properties: formatProperties({ DELAY: String(level) }) }),
    ), bytes(`${level}:${Date.now()}`));
    expect(res.code).toBe(ResponseCode.SUCCESS);
  }
  await arrived;
  // The body's time is taken just before the send, so lateness is measured from a due time that is
  // at most the send's own latency early.
  for (const ms of lateness) {
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(100);
  }
});
