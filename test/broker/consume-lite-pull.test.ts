// LITE_PULL_MESSAGE (361), what a RocketMQ 5.x DefaultLitePullConsumer sends for every pull.
import { afterEach, describe, expect, test } from "bun:test";
import { MessageProperty, RequestCode, ResponseCode, decodeRecords, propertyOf, queueOffset, type ExtFieldsInit } from "../../src/common/index.ts";
import type { RemotingCommand } from "../../src/remoting/index.ts";
import type { BrokerOptions } from "../../src/broker/context.ts";
import { PULL_COMMIT, PULL_SUBSCRIPTION, PULL_SUSPEND, pullBroker, pullFieldsOf, putTagged } from "./consume-store.ts";

const PULL_LITE = 0x10;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Partial<BrokerOptions> = {}) {
  const broker = await pullBroker(cleanups, overrides);
  const litePull = (fields: ExtFieldsInit = {}) =>
    broker.server.call(RequestCode.LITE_PULL_MESSAGE, pullFieldsOf({ subscription: "*", sysFlag: PULL_SUBSCRIPTION | PULL_LITE, ...fields }), broker.conn);
  return { ...broker, litePull };
}

const tagsOf = (res: RemotingCommand | undefined): Array<string | undefined> =>
  decodeRecords(res?.body ?? new Uint8Array()).map((r) => propertyOf(r.properties, MessageProperty.TAGS));

describe("LITE_PULL_MESSAGE", () => {
  test("is served like PULL_MESSAGE: found messages, tag filter, offsets and the piggy-backed commit", async () => {
    const { store, litePull } = await setup();
    await putTagged(store, "T", 0, ["TagA", "TagB", "TagA"]);
    const res = await litePull({ subscription: "TagA", sysFlag: PULL_SUBSCRIPTION | PULL_LITE | PULL_COMMIT, commitOffset: 1 });
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(tagsOf(res)).toEqual(["TagA", "TagA"]);
    expect(res?.extFields).toMatchObject({ nextBeginOffset: "3", minOffset: "0", maxOffset: "3", suggestWhichBrokerId: "0" });
    expect(store.meta.consumerOffsets.query("G", "T", 0)).toBe(queueOffset(1));
  });

  test("a suspended lite pull is held until a message arrives", async () => {
    const { store, litePull } = await setup();
    const held = litePull({ sysFlag: PULL_SUBSCRIPTION | PULL_LITE | PULL_SUSPEND, suspendTimeoutMillis: 10_000 });
    await putTagged(store, "T", 0, ["TagA"]);
    const res = await held;
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(tagsOf(res)).toEqual(["TagA"]);
  });

  test("litePullMessageEnable=false refuses it with NO_PERMISSION while PULL_MESSAGE still serves", async () => {
    const { store, litePull, pullWith } = await setup({ litePullMessageEnable: false });
    await putTagged(store, "T", 0, ["TagA"]);
    const refused = await litePull();
    expect(refused?.code).toBe(ResponseCode.NO_PERMISSION);
    expect(refused?.remark).toBe("the broker[127.0.0.1] for lite pull consumer is forbidden");
    expect((await pullWith(pullFieldsOf({ subscription: "*" })))?.code).toBe(ResponseCode.SUCCESS);
  });
});
