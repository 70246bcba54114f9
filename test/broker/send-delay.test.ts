// Delayed delivery: a DELAY send parks in SCHEDULE_TOPIC_XXXX and the ScheduleService puts it
// into its real topic once the level's delay has passed, advancing the level's saved offset.
import { afterEach, expect, test } from "bun:test";
import { decodeRecord, formatProperties, parseProperties, queueOffset, RequestCode, ResponseCode } from "../../src/common/index.ts";
import { registerSendHandlers, ScheduleService } from "../../src/broker/send/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { bytes, HandlerTable, openTestContext, sendHeader, text, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
let schedule: ScheduleService | undefined;
afterEach(async () => {
  await schedule?.close();
  await t?.close();
});

test("a level-1 delayed message reaches its real topic after about a second, not before, still carrying DELAY as Apache RocketMQ delivers it", async () => {
  t = await openTestContext({ messageDelayLevel: "1s 1h" });
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  let nowMs = Date.now();
  schedule = new ScheduleService(t.ctx, { tickMs: 20, now: () => nowMs });
  const header = sendHeader({ topic: "Later", queueId: 2, flag: 7, properties: formatProperties({ DELAY: "1", TAGS: "T" }) });
  const res = await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes("delayed"));
  expect(res.code).toBe(ResponseCode.SUCCESS);
  await until(() => t?.store.maxOffset("SCHEDULE_TOPIC_XXXX", 0) === 1);
  await schedule.tick();
  expect(t.store.maxOffset("Later", 2)).toBe(queueOffset(0));
  nowMs += 1500;
  await until(async () => {
    await schedule?.tick();
    return t?.store.maxOffset("Later", 2) === 1;
  });
  expect(t.store.maxOffset("Later", 2)).toBe(queueOffset(1));
  expect(t.store.meta.delayOffsets.get(1)).toBe(queueOffset(1));
  const [bytesOut] = t.store.getMessages("Later", 2, queueOffset(0), 1).records;
  const record = decodeRecord(bytesOut ?? new Uint8Array());
  const props = parseProperties(record.properties);
  expect(text(record.body)).toBe("delayed");
  expect(record.flag).toBe(7);
  // Apache RocketMQ 4.9.7 and 5.5.0 both deliver DELAY with the message (scripts/compat-reference.sh).
  expect(props.get("DELAY")).toBe("1");
  expect(props.get("REAL_TOPIC")).toBe("Later");
  expect(props.get("TAGS")).toBe("T");
});

async function until(done: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
