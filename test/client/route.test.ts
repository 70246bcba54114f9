import { describe, expect, test } from "bun:test";
import type { TopicRouteData } from "../../src/common/index.ts";
import { autoCreateRoute, publishQueues, subscribeQueues } from "../../src/client/route.ts";

const route = (over: Partial<TopicRouteData> = {}): TopicRouteData => ({
  queueDatas: [
    { brokerName: "broker-b", readQueueNums: 2, writeQueueNums: 3, perm: 6, topicSysFlag: 0 },
    { brokerName: "broker-a", readQueueNums: 4, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
    { brokerName: "broker-c", readQueueNums: 2, writeQueueNums: 2, perm: 4, topicSysFlag: 0 },
  ],
  brokerDatas: [
    { cluster: "c", brokerName: "broker-a", brokerAddrs: { "0": "10.0.0.1:10911" } },
    { cluster: "c", brokerName: "broker-b", brokerAddrs: { "0": "10.0.0.2:10911" } },
    { cluster: "c", brokerName: "broker-c", brokerAddrs: { "0": "10.0.0.3:10911" } },
  ],
  filterServerTable: {},
  ...over,
});
const ids = (qs: { brokerName: string; queueId: number }[]) => qs.map((q) => `${q.brokerName}:${q.queueId}`);

describe("route to queue lists", () => {
  test("publish queues: writable brokers sorted by name, write queue counts", () => {
    expect(ids(publishQueues("T", route()))).toEqual(["broker-a:0", "broker-a:1", "broker-b:0", "broker-b:1", "broker-b:2"]);
  });

  test("a broker without a master (id 0) gets no publish queues", () => {
    const r = route();
    r.brokerDatas[1] = { cluster: "c", brokerName: "broker-b", brokerAddrs: { "1": "10.0.0.9:10911" } };
    expect(ids(publishQueues("T", r))).toEqual(["broker-a:0", "broker-a:1"]);
  });

  test("orderTopicConf alone decides the publish queues when set", () => {
    expect(ids(publishQueues("T", route({ orderTopicConf: "broker-x:2;broker-a:1" })))).toEqual(["broker-x:0", "broker-x:1", "broker-a:0"]);
  });

  test("subscribe queues: every readable broker with its read queue count", () => {
    const qs = subscribeQueues("T", route());
    expect(qs.every((q) => q.topic === "T")).toBe(true);
    expect(ids(qs).sort()).toEqual(["broker-a:0", "broker-a:1", "broker-a:2", "broker-a:3", "broker-b:0", "broker-b:1", "broker-c:0", "broker-c:1"]);
  });

  test("a topic without a route borrows TBW102's, capped at defaultTopicQueueNums", () => {
    const template = route({
      queueDatas: [{ brokerName: "broker-a", readQueueNums: 8, writeQueueNums: 8, perm: 7, topicSysFlag: 0 }],
    });
    expect(ids(publishQueues("New", autoCreateRoute(template, 4)))).toEqual(["broker-a:0", "broker-a:1", "broker-a:2", "broker-a:3"]);
  });
});
