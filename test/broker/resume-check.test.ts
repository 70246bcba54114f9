// RESUME_CHECK_HALF_MESSAGE (323): a half given by its offsetMsgId goes back to the half queue
// with its check count at zero; an id that names nothing is refused with RocketMQ's remark.
import { afterEach, expect, test } from "bun:test";
import {
  decodeRecord, formatProperties, MessageSysFlag, offsetMsgId, parseProperties, queueOffset, RequestCode, ResponseCode, SystemTopic,
} from "../../src/common/index.ts";
import { registerAdminHandlers } from "../../src/broker/admin/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { registerSendHandlers } from "../../src/broker/send/index.ts";
import { bytes, HandlerTable, openTestContext, sendHeader, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
let admin: { close(): void } | undefined;
afterEach(async () => {
  admin?.close();
  await t?.close();
});

test("RESUME_CHECK_HALF_MESSAGE puts the half back in the half queue with TRANSACTION_CHECK_TIMES=0", async () => {
  t = await openTestContext();
  const handlers = new HandlerTable();
  registerSendHandlers(handlers, t.ctx);
  admin = registerAdminHandlers(handlers, t.ctx, { rootDir: t.options.storePathRootDir });
  const header = sendHeader({
    producerGroup: "txGroup", topic: "Orders", queueId: 1, sysFlag: MessageSysFlag.TRANSACTION_PREPARED,
    properties: formatProperties({ TRAN_MSG: "true", PGROUP: "txGroup", UNIQ_KEY: "UNIQ-1", TRANSACTION_CHECK_TIMES: "15" }),
  });
  expect((await handlers.call(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header), bytes("order 42"))).code).toBe(ResponseCode.SUCCESS);
  const half = decodeRecord(t.store.getMessages(SystemTopic.TRANS_HALF, 0, queueOffset(0), 1).records[0] as Uint8Array);
  const msgId = offsetMsgId(half.storeHost, half.physicalOffset);

  const res = await handlers.call(RequestCode.RESUME_CHECK_HALF_MESSAGE, { topic: "Orders", msgId });
  expect(res.code).toBe(ResponseCode.SUCCESS);
  const copies = t.store.getMessages(SystemTopic.TRANS_HALF, 0, queueOffset(0), 8).records.map((r) => decodeRecord(r));
  expect(copies).toHaveLength(2);
  const props = parseProperties(copies[1]?.properties ?? "");
  expect(props.get("TRANSACTION_CHECK_TIMES")).toBe("0");
  expect(props.get("REAL_TOPIC")).toBe("Orders");
  expect(new TextDecoder().decode(copies[1]?.body)).toBe("order 42");

  const missing = await handlers.call(RequestCode.RESUME_CHECK_HALF_MESSAGE, { topic: "Orders", msgId: offsetMsgId(half.storeHost, 1 << 30) });
  expect(missing.code).toBe(ResponseCode.SYSTEM_ERROR);
  expect(missing.remark).toStartWith("Put message back to RMQ_SYS_TRANS_HALF_TOPIC failed.");
});
