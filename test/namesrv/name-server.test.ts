// The NameServer over real TCP: a broker registering with the remoting client, and ali-ons
// asking for routes the way its producers and consumers do.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  RequestCode,
  ResponseCode,
  bodyCrc32,
  decodeTopicRouteData,
  encodeRegisterBrokerBody,
  registerBrokerExtFields,
  silentLogger,
} from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { broker, registerBody, topic } from "./fixtures.ts";

let dir: string;
let namesrv: NameServer;
let addr: string;
let client: RemotingClient;

/** Resolves once cond() holds, checking on every timer tick; rejects after timeoutMs. */
async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function registerBrokerA(): Promise<number> {
  const body = encodeRegisterBrokerBody(registerBody(1, [topic("T")]), false);
  const h = { ...broker("broker-a", 0, "127.0.0.1:10911"), compressed: false, bodyCrc32: bodyCrc32(body) };
  const res = await client.invoke(addr, request(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body), 3000);
  return res.code;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "mq-namesrv-tcp-"));
  namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir, "kvConfig.json"), orderMessageEnable: false,
    scanNotActiveBrokerInterval: 50, brokerChannelExpiredTime: 300, log: silentLogger,
  });
  addr = `127.0.0.1:${await namesrv.start()}`;
  client = new RemotingClient({ log: silentLogger });
});

afterEach(async () => {
  client.close();
  await namesrv.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("NameServer over TCP", () => {
  test("a registered broker's topics are routed, and dropped when its connection closes", async () => {
    expect(await registerBrokerA()).toBe(ResponseCode.SUCCESS);
    const res = await client.invoke(addr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" }), 3000);
    expect(decodeTopicRouteData(res.body).brokerDatas[0]?.brokerAddrs).toEqual({ "0": "127.0.0.1:10911" });
    client.closeConnection(addr);
    await until(() => namesrv.registry.route("T") === undefined);
  });

  test("a broker that stops registering expires after brokerChannelExpiredTime", async () => {
    expect(await registerBrokerA()).toBe(ResponseCode.SUCCESS);
    const start = Date.now();
    await until(() => namesrv.registry.route("T") === undefined);
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  test("ali-ons reads the route (and the missing-topic error) from the NameServer", async () => {
    await registerBrokerA();
    const MQClientAPI = require("ali-ons/lib/mq_client_api") as new (o: object) => {
      ready(): Promise<void>;
      close(): Promise<void>;
      getTopicRouteInfoFromNameServer(topic: string, timeoutMs: number): Promise<unknown>;
    };
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    const api = new MQClientAPI({ nameSrv: [addr], httpclient: {}, logger: quiet });
    await api.ready();
    try {
      expect(await api.getTopicRouteInfoFromNameServer("T", 3000)).toMatchObject({
        brokerDatas: [{ brokerName: "broker-a", brokerAddrs: { "0": "127.0.0.1:10911" } }],
        queueDatas: [{ brokerName: "broker-a", perm: 6, readQueueNums: 4, writeQueueNums: 4 }],
      });
      await expect(api.getTopicRouteInfoFromNameServer("Nope", 3000)).rejects.toThrow("No topic route info");
    } finally {
      await api.close();
    }
  });
});
