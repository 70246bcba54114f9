// SQL92 property filtering through the broker's handlers, over a real store (in-process server).
import { afterEach, describe, expect, test } from "bun:test";
import {
  RequestCode,
  ResponseCode,
  decodeRecords,
  formatProperties,
  parseProperties,
  type ExtFieldsInit,
} from "../../src/common/index.ts";
import type { RemotingCommand } from "../../src/remoting/index.ts";
import type { MessageStore } from "../../src/store/index.ts";
import type { BrokerOptions } from "../../src/broker/context.ts";
import { PULL_SUBSCRIPTION, PULL_SUSPEND, pullBroker, pullFieldsOf, putMessages } from "./consume-store.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DISABLED = "The broker does not support consumer to filter message by SQL92";
const encoder = new TextEncoder();

async function setup(overrides: Partial<BrokerOptions> = { enablePropertyFilter: true }) {
  const broker = await pullBroker(cleanups, overrides);
  const pull = (fields: ExtFieldsInit) => broker.pullWith(pullFieldsOf({ expressionType: "SQL92", ...fields }));
  const call = (code: number, body: object) => broker.server.call(code, {}, broker.conn, encoder.encode(JSON.stringify(body)));
  return { store: broker.store, consume: broker.consume, pull, call };
}

/** Puts one message per property set into T/0, in order. */
const putWith = (store: MessageStore, propertySets: Array<Record<string, string>>): Promise<void> =>
  putMessages(store, "T", 0, propertySets.map((properties) => formatProperties(properties)));

const propertiesOf = (res: RemotingCommand | undefined, name: string): Array<string | undefined> =>
  decodeRecords(res?.body ?? new Uint8Array()).map((r) => parseProperties(r.properties).get(name));

const subscription = (topic: string, subString: string, expressionType = "SQL92") => ({
  topic,
  subString,
  tagsSet: [],
  codeSet: [],
  subVersion: 7,
  expressionType,
  classFilterMode: false,
});

const heartbeat = (subString: string) => ({
  clientID: "127.0.0.1@1",
  consumerDataSet: [
    {
      groupName: "G",
      consumeType: "CONSUME_PASSIVELY",
      messageModel: "CLUSTERING",
      consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
      subscriptionDataSet: [subscription("T", subString), subscription("%RETRY%G", "*", "TAG")],
      unitMode: false,
    },
  ],
  producerDataSet: [],
});

describe("SQL92 pulls", () => {
  test("a pull returns exactly the messages whose properties match", async () => {
    const { store, pull } = await setup();
    await putWith(store, Array.from({ length: 12 }, (_, i) => ({ a: String(i) })));
    const res = await pull({ subscription: "a between 0 and 8" });
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(propertiesOf(res, "a")).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
    const rest = await pull({ subscription: "a between 0 and 8", queueOffset: Number(res?.extFields.nextBeginOffset) });
    expect(rest?.code).not.toBe(ResponseCode.SUCCESS);
  });

  test("TAGS is a property like the others", async () => {
    const { store, pull } = await setup();
    await putWith(store, [
      { TAGS: "TagA", region: "hz" },
      { TAGS: "TagB", region: "sh" },
      { TAGS: "TagC", region: "hz" },
      { TAGS: "TagB", region: "hz" },
      { region: "hz" },
    ]);
    const res = await pull({ subscription: "TAGS in ('TagA','TagB') and region = 'hz'" });
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(propertiesOf(res, "TAGS")).toEqual(["TagA", "TagB"]);
    expect(propertiesOf(res, "region")).toEqual(["hz", "hz"]);
  });

  test("nothing matching answers PULL_RETRY_IMMEDIATELY with the offset moved past the scanned messages", async () => {
    const { store, pull } = await setup();
    await putWith(store, [{ a: "1" }, { a: "2" }]);
    const res = await pull({ subscription: "a > 5" });
    expect(res?.code).toBe(ResponseCode.PULL_RETRY_IMMEDIATELY);
    expect(res?.extFields.nextBeginOffset).toBe("2");
  });

  test("the subscription a heartbeat registered filters pulls that carry none", async () => {
    const { store, pull, call } = await setup();
    expect((await call(RequestCode.HEART_BEAT, heartbeat("color = 'red'")))?.code).toBe(ResponseCode.SUCCESS);
    await putWith(store, [{ color: "red" }, { color: "blue" }, { color: "red" }]);
    const res = await pull({ sysFlag: 0, subscription: undefined, expressionType: undefined });
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(propertiesOf(res, "color")).toEqual(["red", "red"]);
  });

  test("an expression that does not parse is refused with SUBSCRIPTION_PARSE_FAILED, the reason and the column", async () => {
    const { pull } = await setup();
    const res = await pull({ subscription: "region = " });
    expect(res?.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(res?.remark).toBe("parse the consumer's subscription [region = ] failed: expected a value after '=' at column 10");
  });

  test("a heartbeat-registered expression that does not parse is accepted, and its pulls are refused", async () => {
    const { pull, call } = await setup();
    expect((await call(RequestCode.HEART_BEAT, heartbeat("a >")))?.code).toBe(ResponseCode.SUCCESS);
    const res = await pull({ sysFlag: 0, subscription: undefined, expressionType: undefined });
    expect(res?.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(res?.remark).toContain("expected a value after '>' at column 4");
  });

  test("with enablePropertyFilter off, SQL92 pulls and heartbeats are refused with SYSTEM_ERROR", async () => {
    const { store, pull, call } = await setup({ enablePropertyFilter: false });
    await putWith(store, [{ a: "1" }]);
    expect(await pull({ subscription: "a = 1" })).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: DISABLED });
    expect(await call(RequestCode.HEART_BEAT, heartbeat("a = 1"))).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: DISABLED });
    expect((await pull({ subscription: "*", expressionType: "TAG" }))?.code).toBe(ResponseCode.SUCCESS);
  });
});

describe("CHECK_CLIENT_CONFIG", () => {
  const check = (subscriptionData: object | undefined) => ({ clientId: "127.0.0.1@1", group: "G", subscriptionData });

  test("accepts a valid SQL92 subscription, a TAG one, and none", async () => {
    const { call } = await setup();
    for (const body of [check(subscription("T", "a > 1 and b in ('x')")), check(subscription("T", "TagA", "TAG")), check(undefined)]) {
      expect((await call(RequestCode.CHECK_CLIENT_CONFIG, body))?.code).toBe(ResponseCode.SUCCESS);
    }
  });

  test("refuses an SQL92 subscription that does not parse, saying where", async () => {
    const { call } = await setup();
    const res = await call(RequestCode.CHECK_CLIENT_CONFIG, check(subscription("T", "a in (1)")));
    expect(res?.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(res?.remark).toContain("expected a string literal in IN (...), found '1' at column 7");
  });

  test("refuses SQL92 while enablePropertyFilter is off, but not TAG", async () => {
    const { call } = await setup({ enablePropertyFilter: false });
    expect(await call(RequestCode.CHECK_CLIENT_CONFIG, check(subscription("T", "a > 1")))).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
      remark: DISABLED,
    });
    expect((await call(RequestCode.CHECK_CLIENT_CONFIG, check(subscription("T", "*", "TAG"))))?.code).toBe(ResponseCode.SUCCESS);
  });
});

describe("SQL92 long polling", () => {
  /** Resolves once the store has dispatched queue offset `offset` of T/0 (after the broker's own listener). */
  function dispatched(store: MessageStore, offset: number): Promise<void> {
    return new Promise((resolve) => {
      const stop = store.onDispatch((event) => {
        if (event.topic === "T" && event.queueId === 0 && Number(event.queueOffset) === offset) {
          stop();
          resolve();
        }
      });
    });
  }

  test("a held SQL92 pull is woken only by a matching message", async () => {
    const { store, pull, consume } = await setup();
    const held = pull({ sysFlag: PULL_SUBSCRIPTION | PULL_SUSPEND, suspendTimeoutMillis: 10_000, subscription: "a = 'yes'" });
    expect(consume.heldPulls()).toBe(1);
    const first = dispatched(store, 0);
    await putWith(store, [{ a: "no" }]);
    await first;
    expect(consume.heldPulls()).toBe(1);
    await putWith(store, [{ a: "yes" }]);
    const res = await held;
    expect(res?.code).toBe(ResponseCode.SUCCESS);
    expect(propertiesOf(res, "a")).toEqual(["yes"]);
    expect(res?.extFields.nextBeginOffset).toBe("2");
  });
});
