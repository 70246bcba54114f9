import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { reply } from "../../src/remoting/index.ts";
import { ClientCore } from "../../src/client/client-core.ts";
import { BrokerOffsetStore } from "../../src/client/offset-store.ts";
import { resolveClientOptions } from "../../src/client/options.ts";
import { startOffset } from "../../src/client/start-offset.ts";
import { routeTo, startFakeBroker, type FakeBroker } from "./fake-broker.ts";

let broker: FakeBroker;
let core: ClientCore;
let stored = -1;

beforeAll(async () => {
  broker = await startFakeBroker();
  broker.routes.set("T", routeTo({ "broker-a": broker.addr }));
  broker.routes.set("%RETRY%cg", routeTo({ "broker-a": broker.addr }, 1));
  broker.handle(RequestCode.QUERY_CONSUMER_OFFSET, () =>
    stored < 0 ? reply(ResponseCode.QUERY_NOT_FOUND) : reply(ResponseCode.SUCCESS, { extFields: { offset: stored } }),
  );
  broker.handle(RequestCode.GET_MAX_OFFSET, () => reply(ResponseCode.SUCCESS, { extFields: { offset: 70 } }));
  broker.handle(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, (req) => reply(ResponseCode.SUCCESS, { extFields: { offset: Number(req.extFields.timestamp) % 100 } }));
  core = new ClientCore(resolveClientOptions({ namesrvAddr: broker.addr }), (clientID) => ({ clientID, consumerDataSet: [], producerDataSet: [] }));
});

afterAll(async () => {
  core.shutdown();
  await broker.stop();
});

const mq = { topic: "T", brokerName: "broker-a", queueId: 1 };
const retryMq = { topic: "%RETRY%cg", brokerName: "broker-a", queueId: 0 };
const policy = (consumeFromWhere: "CONSUME_FROM_LAST_OFFSET" | "CONSUME_FROM_FIRST_OFFSET" | "CONSUME_FROM_TIMESTAMP") => ({
  consumeFromWhere,
  consumeTimestampMs: 1_700_000_000_042,
});

describe("where a queue without a stored offset starts", () => {
  test("a stored offset wins over consumeFromWhere", async () => {
    stored = 12;
    const offsets = new BrokerOffsetStore(core, "cg");
    for (const where of ["CONSUME_FROM_LAST_OFFSET", "CONSUME_FROM_FIRST_OFFSET", "CONSUME_FROM_TIMESTAMP"] as const) {
      expect(await startOffset(core, offsets, mq, policy(where))).toBe(12);
    }
    const query = broker.requests.findLast((r) => r.code === RequestCode.QUERY_CONSUMER_OFFSET)!;
    expect(query.extFields).toEqual({ consumerGroup: "cg", topic: "T", queueId: "1" });
    stored = -1;
  });

  test("LAST_OFFSET asks for the max offset; FIRST_OFFSET starts at 0", async () => {
    const offsets = new BrokerOffsetStore(core, "cg");
    expect(await startOffset(core, offsets, mq, policy("CONSUME_FROM_LAST_OFFSET"))).toBe(70);
    expect(await startOffset(core, offsets, mq, policy("CONSUME_FROM_FIRST_OFFSET"))).toBe(0);
  });

  test("TIMESTAMP searches by the consume timestamp", async () => {
    const offsets = new BrokerOffsetStore(core, "cg");
    expect(await startOffset(core, offsets, mq, policy("CONSUME_FROM_TIMESTAMP"))).toBe(42);
    const search = broker.requests.findLast((r) => r.code === RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)!;
    expect(search.extFields).toEqual({ topic: "T", queueId: "1", timestamp: "1700000000042" });
  });

  test("a %RETRY% queue starts at 0 for LAST_OFFSET and at its max for TIMESTAMP", async () => {
    const offsets = new BrokerOffsetStore(core, "cg");
    expect(await startOffset(core, offsets, retryMq, policy("CONSUME_FROM_LAST_OFFSET"))).toBe(0);
    expect(await startOffset(core, offsets, retryMq, policy("CONSUME_FROM_TIMESTAMP"))).toBe(70);
  });
});
