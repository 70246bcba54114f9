// The handler table driven in-process: requests built as a client would, no sockets.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BrokerError,
  RequestCode,
  ResponseCode,
  bodyCrc32,
  decodeClusterInfo,
  decodeDataVersion,
  decodeKVTable,
  decodeTopicList,
  decodeTopicRouteData,
  encodeDataVersion,
  encodeRegisterBrokerBody,
  registerBrokerExtFields,
  silentLogger,
} from "../../src/common/index.ts";
import { KvConfig, RouteRegistry, namesrvHandlers } from "../../src/namesrv/index.ts";
import { request, type Connection, type ExtFieldsInit, type RemotingCommand } from "../../src/remoting/index.ts";
import { broker, registerBody, topic } from "./fixtures.ts";

let dir: string;
let registry: RouteRegistry;
let kvPath: string;
let call: (code: number, ext?: ExtFieldsInit, body?: Uint8Array, version?: number) => Promise<RemotingCommand>;
/** Where requests come from: this machine unless a test says otherwise (changing codes are guarded). */
let callerAddress = "127.0.0.1:50000";

const conn = (id: number): Connection => ({
  id, remoteAddress: callerAddress, closed: false, queuedBytes: 0,
  invoke: () => Promise.reject(new Error("unused")), invokeOneway: () => {}, close: () => {},
});

function setup(orderMessageEnable: boolean): void {
  callerAddress = "127.0.0.1:50000";
  registry = new RouteRegistry();
  const kv = new KvConfig(kvPath);
  kv.load();
  const table = namesrvHandlers({ registry, kv, orderMessageEnable, log: silentLogger });
  call = async (code, ext, body, version) => {
    const handler = table.get(code);
    if (!handler) throw new Error(`no handler for ${code}`);
    const req = request(code, ext, body);
    if (version !== undefined) req.version = version;
    try {
      const res = await handler(req, conn(1));
      if (!res) throw new Error("no reply");
      return res;
    } catch (e) {
      if (e instanceof BrokerError) return { ...req, code: e.code, remark: e.remark, body: undefined };
      throw e;
    }
  };
}

async function registerA(counter = 1, compressed = false): Promise<RemotingCommand> {
  const body = encodeRegisterBrokerBody(registerBody(counter, [topic("T"), topic("TBW102", 8, 7)]), compressed);
  const h = { ...broker("broker-a", 0, "10.0.0.1:10911"), compressed, bodyCrc32: bodyCrc32(body) };
  return call(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mq-namesrv-"));
  kvPath = join(dir, "kvConfig.json");
  setup(false);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("route requests", () => {
  test("an unknown topic answers TOPIC_NOT_EXIST with RocketMQ's remark", async () => {
    const res = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "Nope" });
    expect(res.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(res.remark).toBe("No topic route info in name server for the topic: Nope");
  });

  test("old clients get unquoted broker ids, 4.9.4+ clients standard JSON", async () => {
    expect((await registerA()).code).toBe(ResponseCode.SUCCESS);
    const old = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" }, undefined, 121);
    expect(new TextDecoder().decode(old.body)).toContain('{0:"10.0.0.1:10911"}');
    const now = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" }, undefined, 409);
    expect(JSON.parse(new TextDecoder().decode(now.body)).brokerDatas[0].brokerAddrs).toEqual({ "0": "10.0.0.1:10911" });
    const asked = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T", acceptStandardJsonOnly: true }, undefined, 121);
    expect(new TextDecoder().decode(asked.body)).toContain('{"0":"10.0.0.1:10911"}');
    expect(decodeTopicRouteData(old.body)).toEqual(decodeTopicRouteData(now.body));
  });

  test("a compressed registration is understood", async () => {
    expect((await registerA(1, true)).code).toBe(ResponseCode.SUCCESS);
    expect(registry.route("TBW102")?.queueDatas[0]?.perm).toBe(7);
  });

  test("a registration whose body fails its crc32 is refused", async () => {
    const body = encodeRegisterBrokerBody(registerBody(1, [topic("T")]), false);
    const h = { ...broker("broker-a", 0, "10.0.0.1:10911"), compressed: false, bodyCrc32: bodyCrc32(body) ^ 1 };
    const res = await call(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body);
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toBe("crc32 not match");
    expect(registry.route("T")).toBeUndefined();
  });

  test("a registration whose body is not a RegisterBrokerBody is refused with SYSTEM_ERROR naming it, not thrown as a handler failure", async () => {
    const body = new TextEncoder().encode("\u0000garbage");
    for (const compressed of [false, true]) {
      const h = { ...broker("broker-a", 0, "10.0.0.1:10911"), compressed, bodyCrc32: bodyCrc32(body) };
      const res = await call(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body);
      expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(res.remark).toStartWith("malformed RegisterBrokerBody: ");
    }
    expect(registry.liveBrokerAddrs()).toEqual([]);
  });

  test("a registration without a required header field is refused", async () => {
    const res = await call(RequestCode.REGISTER_BROKER, { brokerName: "b", clusterName: "c", brokerId: 0 });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain("brokerAddr");
  });

  test("cluster info, topic lists and deletion", async () => {
    await registerA();
    const info = decodeClusterInfo((await call(RequestCode.GET_BROKER_CLUSTER_INFO)).body);
    expect(info.clusterAddrTable).toEqual({ DefaultCluster: ["broker-a"] });
    const all = decodeTopicList((await call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body);
    expect(all.topicList.sort()).toEqual(["T", "TBW102"]);
    const byCluster = await call(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: "DefaultCluster" });
    expect(decodeTopicList(byCluster.body).topicList.sort()).toEqual(["T", "TBW102"]);
    const system = decodeTopicList((await call(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS)).body);
    expect(system).toEqual({ topicList: ["DefaultCluster", "broker-a"], brokerAddr: "10.0.0.1:10911" });
    expect((await call(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: "T" })).code).toBe(ResponseCode.SUCCESS);
    expect((await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" })).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  test("wipe and add write perm report the topic count", async () => {
    await registerA();
    const wiped = await call(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" });
    expect(wiped.extFields.wipeTopicCount).toBe("2");
    expect(registry.route("T")?.queueDatas[0]?.perm).toBe(4);
    const added = await call(RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" });
    expect(added.extFields.addTopicCount).toBe("2");
    expect(registry.route("T")?.queueDatas[0]?.perm).toBe(6);
  });

  test("QUERY_DATA_VERSION says whether the broker's topics changed", async () => {
    await registerA(3);
    const id = { brokerName: "broker-a", brokerAddr: "10.0.0.1:10911", clusterName: "DefaultCluster", brokerId: 0 };
    const same = await call(RequestCode.QUERY_DATA_VERSION, id, encodeDataVersion({ timestamp: 1700000000000, counter: 3 }));
    expect(same.extFields.changed).toBe("false");
    expect(decodeDataVersion(same.body).counter).toBe(3);
    const newer = await call(RequestCode.QUERY_DATA_VERSION, id, encodeDataVersion({ timestamp: 1700000000000, counter: 4 }));
    expect(newer.extFields.changed).toBe("true");
  });

  test("unregistering removes the broker's routes", async () => {
    await registerA();
    const id = { brokerName: "broker-a", brokerAddr: "10.0.0.1:10911", clusterName: "DefaultCluster", brokerId: 0 };
    expect((await call(RequestCode.UNREGISTER_BROKER, id)).code).toBe(ResponseCode.SUCCESS);
    expect((await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" })).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });
});

describe("who may change the NameServer", () => {
  test("a caller from another machine may register a broker but not change KV config, write perms or topics", async () => {
    callerAddress = "198.51.100.7:50000";
    expect((await registerA()).code).toBe(ResponseCode.SUCCESS);
    for (const [code, ext] of [
      [RequestCode.PUT_KV_CONFIG, { namespace: "N", key: "k", value: "v" }],
      [RequestCode.DELETE_KV_CONFIG, { namespace: "N", key: "k" }],
      [RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" }],
      [RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" }],
      [RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: "T" }],
    ] as const) {
      const res = await call(code, ext);
      expect({ code, response: res.code }).toEqual({ code, response: ResponseCode.NO_PERMISSION });
      expect(res.remark).toContain(`admin request ${code} from 198.51.100.7 refused`);
      expect(res.remark).toContain("adminAllowedAddresses");
    }
    expect((await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" })).code).toBe(ResponseCode.SUCCESS);
  });
});

describe("KV config", () => {
  test("put, get, list and delete, persisted to kvConfigPath", async () => {
    expect((await call(RequestCode.PUT_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "T", value: "broker-a:4" })).code).toBe(0);
    expect((await call(RequestCode.GET_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "T" })).extFields.value).toBe("broker-a:4");
    const list = await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: "ORDER_TOPIC_CONFIG" });
    expect(decodeKVTable(list.body)).toEqual({ T: "broker-a:4" });
    expect(JSON.parse(readFileSync(kvPath, "utf8"))).toEqual({ configTable: { ORDER_TOPIC_CONFIG: { T: "broker-a:4" } } });
    const reloaded = new KvConfig(kvPath);
    reloaded.load();
    expect(reloaded.get("ORDER_TOPIC_CONFIG", "T")).toBe("broker-a:4");

    await call(RequestCode.DELETE_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "T" });
    const gone = await call(RequestCode.GET_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "T" });
    expect(gone.code).toBe(ResponseCode.QUERY_NOT_FOUND);
    expect(gone.remark).toBe("No config item, Namespace: ORDER_TOPIC_CONFIG Key: T");
    expect((await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: "ORDER_TOPIC_CONFIG" })).code).toBe(ResponseCode.QUERY_NOT_FOUND);
  });

  test("order topic config is served with routes only when orderMessageEnable", async () => {
    await call(RequestCode.PUT_KV_CONFIG, { namespace: "ORDER_TOPIC_CONFIG", key: "T", value: "broker-a:4" });
    const reg = await registerA();
    expect(decodeKVTable(reg.body)).toEqual({ T: "broker-a:4" });
    const off = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" });
    expect(decodeTopicRouteData(off.body).orderTopicConf).toBeUndefined();
    setup(true);
    await registerA();
    const on = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" });
    expect(decodeTopicRouteData(on.body).orderTopicConf).toBe("broker-a:4");
  });
});
