import { describe, expect, test } from "bun:test";
import { Perm } from "../../src/common/index.ts";
import { RouteRegistry } from "../../src/namesrv/index.ts";
import { broker, fakeChannel, manualClock, registerBody, topic } from "./fixtures.ts";

const A0 = broker("broker-a", 0, "10.0.0.1:10911");
const A1 = broker("broker-a", 1, "10.0.0.2:10911");
const B0 = broker("broker-b", 0, "10.0.0.3:10911", "OtherCluster");

describe("RouteRegistry", () => {
  test("a master's topics become routes naming the master and its slave", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T")]));
    r.registerBroker(A1, registerBody(1, [topic("T"), topic("SLAVE_ONLY")]));
    expect(r.route("T")).toEqual({
      queueDatas: [{ brokerName: "broker-a", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }],
      brokerDatas: [{ cluster: "DefaultCluster", brokerName: "broker-a", brokerAddrs: { "0": "10.0.0.1:10911", "1": "10.0.0.2:10911" } }],
      filterServerTable: {},
    });
    expect(r.route("SLAVE_ONLY")).toBeUndefined();
  });

  test("a slave is told its master's address and HA address", () => {
    const r = new RouteRegistry();
    expect(r.registerBroker(A1, registerBody(1, []))).toEqual({});
    expect(r.registerBroker(A0, registerBody(1, []))).toEqual({});
    expect(r.registerBroker(A1, registerBody(1, []))).toEqual({ masterAddr: "10.0.0.1:10911", haServerAddr: "10.0.0.1:10912" });
  });

  test("topic changes are applied only when the DataVersion changes", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T", 4)]));
    r.registerBroker(A0, registerBody(1, [topic("T", 8)]));
    expect(r.route("T")?.queueDatas[0]?.writeQueueNums).toBe(4);
    r.registerBroker(A0, registerBody(2, [topic("T", 8)]));
    expect(r.route("T")?.queueDatas[0]?.writeQueueNums).toBe(8);
  });

  test("an address switching from slave to master keeps one brokerId", () => {
    const r = new RouteRegistry();
    r.registerBroker(A1, registerBody(1, [topic("T")]));
    r.registerBroker({ ...A1, brokerId: 0 }, registerBody(1, [topic("T")]));
    expect(r.route("T")?.brokerDatas[0]?.brokerAddrs).toEqual({ "0": "10.0.0.2:10911" });
  });

  test("unregistering the last address removes the broker from its cluster and every topic", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T"), topic("ONLY_A")]));
    r.registerBroker(B0, registerBody(1, [topic("T")]));
    r.unregisterBroker(A0);
    expect(r.route("ONLY_A")).toBeUndefined();
    expect(r.route("T")?.queueDatas.map((q) => q.brokerName)).toEqual(["broker-b"]);
    expect(r.clusterInfo().clusterAddrTable).toEqual({ OtherCluster: ["broker-b"] });
    expect(r.allTopics().sort()).toEqual(["T"]);
  });

  test("a closed connection removes only the brokers registered over it", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T")]), fakeChannel(7));
    r.registerBroker(B0, registerBody(1, [topic("T")]), fakeChannel(8));
    expect(r.removeByChannel(7)).toEqual(["10.0.0.1:10911"]);
    expect(r.route("T")?.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-b"]);
    expect(r.removeByChannel(7)).toEqual([]);
  });

  test("brokers silent past the expiry are dropped and their channels closed", () => {
    const clock = manualClock();
    const r = new RouteRegistry(clock.now);
    const chA = fakeChannel(1);
    r.registerBroker(A0, registerBody(1, [topic("T")]), chA);
    clock.advance(60_000);
    r.registerBroker(B0, registerBody(1, [topic("T")]), fakeChannel(2));
    clock.advance(60_001);
    expect(r.removeExpired(120_000)).toEqual(["10.0.0.1:10911"]);
    expect(chA.closed).toBe(true);
    expect(r.liveBrokerAddrs()).toEqual(["10.0.0.3:10911"]);
    r.touch("10.0.0.3:10911");
    clock.advance(100_000);
    expect(r.removeExpired(120_000)).toEqual([]);
  });

  test("deleting a topic in one cluster keeps it on other clusters' brokers", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T")]));
    r.registerBroker(B0, registerBody(1, [topic("T")]));
    r.deleteTopic("T", "DefaultCluster");
    expect(r.route("T")?.queueDatas.map((q) => q.brokerName)).toEqual(["broker-b"]);
    expect(r.topicsOfCluster("DefaultCluster")).toEqual([]);
    expect(r.topicsOfCluster("OtherCluster")).toEqual(["T"]);
    r.deleteTopic("T");
    expect(r.route("T")).toBeUndefined();
  });

  test("wiping and adding write permission counts the broker's topics", () => {
    const r = new RouteRegistry();
    r.registerBroker(A0, registerBody(1, [topic("T"), topic("TBW102", 8, 7)]));
    expect(r.setWritePerm("broker-a", false, Perm.WRITE)).toBe(2);
    expect(r.route("TBW102")?.queueDatas[0]?.perm).toBe(Perm.READ | Perm.INHERIT);
    expect(r.setWritePerm("broker-a", true, Perm.WRITE)).toBe(2);
    expect(r.route("T")?.queueDatas[0]?.perm).toBe(6);
    expect(r.setWritePerm("nobody", false, Perm.WRITE)).toBe(0);
  });

  test("system topics are cluster and broker names plus an address to ask", () => {
    const r = new RouteRegistry();
    expect(r.systemTopics()).toEqual({ topicList: [] });
    r.registerBroker(A0, registerBody(1, []));
    expect(r.systemTopics()).toEqual({ topicList: ["DefaultCluster", "broker-a"], brokerAddr: "10.0.0.1:10911" });
  });
});
