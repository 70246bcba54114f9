// Request-reply in the broker: SEND_REPLY_MESSAGE(_V2) pushes the reply to the client named by
// REPLY_TO_CLIENT (PUSH_REPLY_MESSAGE_TO_CLIENT) and stores it in <cluster>_REPLY_TOPIC.
import { afterEach, expect, test } from "bun:test";
import { decodeRecord, formatProperties, parseProperties, queueOffset, RequestCode, ResponseCode } from "../../src/common/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { registerReplyHandlers } from "../../src/broker/reply/index.ts";
import { reply, type Connection, type RemotingCommand } from "../../src/remoting/index.ts";
import { bytes, fakeConnection, HandlerTable, openTestContext, sendHeader, text, type TestContext } from "./send-harness.ts";

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const REPLY_TOPIC = "DefaultCluster_REPLY_TOPIC";

async function setup(): Promise<{ handlers: HandlerTable; pushed: RemotingCommand[] }> {
  t = await openTestContext();
  const handlers = new HandlerTable();
  registerReplyHandlers(handlers, t.ctx);
  const pushed: RemotingCommand[] = [];
  const requester: Connection = {
    ...fakeConnection("127.0.0.1:50003"),
    invoke: (cmd) => (pushed.push(cmd), Promise.resolve(reply(ResponseCode.SUCCESS))),
  };
  t.ctx.clients.producerGroups().set("requesters", new Map([["requester-1", { clientId: "requester-1", connection: requester, language: "JAVA", version: 409, lastUpdateTimestamp: Date.now() }]]));
  return { handlers, pushed };
}

function replyRequest(code: number, to: string) {
  const properties = formatProperties({ CORRELATION_ID: "corr-1", REPLY_TO_CLIENT: to, TTL: "3000", MSG_TYPE: "reply" });
  const header = encodeSendHeaderV2(sendHeader({ producerGroup: "repliers", topic: REPLY_TOPIC, queueId: 0, properties }));
  return { code, header };
}

test("a reply is pushed to the requester named by REPLY_TO_CLIENT and stored in the reply topic", async () => {
  const { handlers, pushed } = await setup();
  const { header } = replyRequest(RequestCode.SEND_REPLY_MESSAGE_V2, "requester-1");
  const res = await handlers.call(RequestCode.SEND_REPLY_MESSAGE_V2, header, bytes("pong"));
  expect(res.code).toBe(ResponseCode.SUCCESS);
  expect(pushed).toHaveLength(1);
  const push = pushed[0]!;
  expect(push.code).toBe(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT);
  expect(text(push.body)).toBe("pong");
  expect(push.extFields.topic).toBe(REPLY_TOPIC);
  const props = parseProperties(push.extFields.properties ?? "");
  expect(props.get("CORRELATION_ID")).toBe("corr-1");
  expect(Number(props.get("PUSH_REPLY_TIME"))).toBeGreaterThan(0);
  expect(push.extFields.storeHost).toBe(t!.ctx.brokerAddr);
  const [stored] = t!.store.getMessages(REPLY_TOPIC, 0, queueOffset(0), 1).records;
  expect(text(decodeRecord(stored!).body)).toBe("pong");
  expect(res.extFields.queueOffset).toBe("0");
});

test("a reply for a client the broker does not know fails with SYSTEM_ERROR naming it", async () => {
  const { handlers, pushed } = await setup();
  const { header } = replyRequest(RequestCode.SEND_REPLY_MESSAGE_V2, "gone-client");
  const res = await handlers.call(RequestCode.SEND_REPLY_MESSAGE_V2, header, bytes("pong"));
  expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
  expect(res.remark).toContain("channel of <gone-client> not found");
  expect(pushed).toHaveLength(0);
});
