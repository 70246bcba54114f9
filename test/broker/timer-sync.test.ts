// What an Apache RocketMQ 5.x slave copies of an mq master's timer service: GET_TIMER_CHECK_POINT
// (60) as TimerCheckpoint's 56 bytes, GET_TIMER_METRICS (61) as TimerMetrics' JSON.
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { formatProperties, readInt64, RequestCode, ResponseCode } from "../../src/common/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
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

async function rig(nowMs: number): Promise<HandlerTable> {
  const dir = tempDir("mq-timer-sync-");
  t = await openTestContext({}, dir);
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  timers = new TimerService(t.ctx, { dbFile: join(dir.path, "timer.db"), now: () => nowMs });
  registerTimerHandlers(handlers, t.ctx, timers);
  for (const topic of ["Later", "Later", "Other"]) {
    const header = sendHeader({ topic, queueId: 0, properties: formatProperties({ TIMER_DELAY_MS: "60000" }) });
    expect((await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes("x"))).code).toBe(ResponseCode.SUCCESS);
  }
  await timers.tick();
  return handlers;
}

test("GET_TIMER_CHECK_POINT answers TimerCheckpoint's 56 bytes: delivered up to now, the timer queue indexed to its end", async () => {
  const nowMs = Date.now();
  const handlers = await rig(nowMs);
  const answer = await handlers.call(RequestCode.GET_TIMER_CHECK_POINT);
  expect(answer.code).toBe(ResponseCode.SUCCESS);
  const body = answer.body as Uint8Array;
  expect(body.length).toBe(56);
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  expect(readInt64(view, 0)).toBe(nowMs); // lastReadTimeMs
  expect(readInt64(view, 16)).toBe(3); // lastTimerQueueOffset: three timer messages indexed
  expect(readInt64(view, 24)).toBe(3); // masterTimerQueueOffset
});

test("GET_TIMER_METRICS counts the pending timer messages by real topic", async () => {
  const handlers = await rig(Date.now());
  const answer = await handlers.call(RequestCode.GET_TIMER_METRICS);
  expect(answer.code).toBe(ResponseCode.SUCCESS);
  const parsed = JSON.parse(text(answer.body as Uint8Array)) as { timingCount: Record<string, { count: number }>; dataVersion: { counter: number } };
  expect(parsed.timingCount.Later?.count).toBe(2);
  expect(parsed.timingCount.Other?.count).toBe(1);
  expect(parsed.dataVersion.counter).toBe(3);
});
