import { describe, expect, test } from "bun:test";
import {
  decodeClusterInfo,
  decodeTopicList,
  decodeTopicRouteData,
  encodeClusterInfo,
  encodeTopicList,
  encodeTopicRouteData,
  type TopicRouteData,
} from "../../../src/common/index.ts";

// ali-ons parses route bodies with Crockford's json2 (regex check + eval), not JSON.parse.
const JSON2 = require("JSON2") as { parse(text: string): unknown };

const route: TopicRouteData = {
  queueDatas: [{ brokerName: "broker-a", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }],
  brokerDatas: [
    { cluster: "DefaultCluster", brokerName: "broker-a", brokerAddrs: { "1": "10.0.0.6:10911", "0": "10.0.0.5:10911" } },
  ],
  filterServerTable: {},
};
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("TopicRouteData", () => {
  test("fastjson form for old clients has unquoted broker ids, sorted, and no whitespace", () => {
    const body = text(encodeTopicRouteData(route, { standardJson: false }));
    expect(body).toBe(
      '{"brokerDatas":[{"brokerAddrs":{0:"10.0.0.5:10911",1:"10.0.0.6:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],' +
        '"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}',
    );
  });

  test("standard form parses with JSON.parse", () => {
    const body = JSON.parse(text(encodeTopicRouteData(route, { standardJson: true })));
    expect(body.brokerDatas[0].brokerAddrs).toEqual({ "0": "10.0.0.5:10911", "1": "10.0.0.6:10911" });
  });

  test.each([false, true])("ali-ons's json2 parser reads both forms (standardJson=%p)", (standardJson) => {
    const parsed = JSON2.parse(text(encodeTopicRouteData({ ...route, orderTopicConf: "broker-a:4" }, { standardJson })));
    expect(parsed).toMatchObject({
      brokerDatas: [{ brokerName: "broker-a", brokerAddrs: { "0": "10.0.0.5:10911" } }],
      queueDatas: [{ brokerName: "broker-a", perm: 6, readQueueNums: 4, writeQueueNums: 4 }],
      orderTopicConf: "broker-a:4",
    });
  });

  test.each([false, true])("round-trips through our decoder (standardJson=%p)", (standardJson) => {
    expect(decodeTopicRouteData(encodeTopicRouteData(route, { standardJson }))).toEqual({ ...route, orderTopicConf: undefined });
  });

  test("decoder rejects a body that is not route data", () => {
    expect(() => decodeTopicRouteData(new TextEncoder().encode('{"queueDatas":[{"perm":6}]}'))).toThrow("brokerName");
  });
});

describe("ClusterInfo and TopicList", () => {
  test("cluster info round-trips in the fastjson form real name servers write", () => {
    const info = {
      brokerAddrTable: { "broker-a": route.brokerDatas[0]! },
      clusterAddrTable: { DefaultCluster: ["broker-a"] },
    };
    const body = encodeClusterInfo(info, { standardJson: false });
    expect(text(body)).toContain('"brokerAddrs":{0:"10.0.0.5:10911"');
    expect(decodeClusterInfo(body)).toEqual(info);
  });

  test("topic list round-trips and leaves out a missing broker address", () => {
    const body = encodeTopicList({ topicList: ["TopicTest", "TBW102"] });
    expect(text(body)).toBe('{"topicList":["TopicTest","TBW102"]}');
    expect(decodeTopicList(body)).toEqual({ topicList: ["TopicTest", "TBW102"], brokerAddr: undefined });
  });
});
