// The NameServer's route, topic and write-perm headers: one codec each, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeTopicsByClusterHeader, decodeWritePermHeader, decodeWritePermResult, encodeDeleteTopicInNamesrv, encodeRouteRequest,
  encodeTopicsByClusterHeader, encodeWritePermHeader, encodeWritePermResult, readDeleteTopicInNamesrv, readRouteRequest, RequestCode,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

describe("NameServer headers", () => {
  test("GET_ROUTEINFO_BY_TOPIC, DELETE_TOPIC_IN_NAMESRV, GET_TOPICS_BY_CLUSTER and the write-perm codes read back the same", () => {
    expectRoundTrip(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest, readRouteRequest, { topic: "T", acceptStandardJsonOnly: true });
    expectRoundTrip(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest, readRouteRequest, { topic: "T", acceptStandardJsonOnly: false });
    expectRoundTrip(RequestCode.DELETE_TOPIC_IN_NAMESRV, encodeDeleteTopicInNamesrv, readDeleteTopicInNamesrv, { topic: "T", clusterName: "DefaultCluster" });
    expectRoundTrip(RequestCode.DELETE_TOPIC_IN_NAMESRV, encodeDeleteTopicInNamesrv, readDeleteTopicInNamesrv, { topic: "T", clusterName: undefined });
    expectRoundTrip(RequestCode.GET_TOPICS_BY_CLUSTER, encodeTopicsByClusterHeader, decodeTopicsByClusterHeader, "DefaultCluster");
    expectRoundTrip(RequestCode.WIPE_WRITE_PERM_OF_BROKER, encodeWritePermHeader, decodeWritePermHeader, "broker-a");
  });

  test("a route request leaves acceptStandardJsonOnly out when false, as the Java client leaves it null", () => {
    expect(overTheWire(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest({ topic: "T", acceptStandardJsonOnly: false }), 0)).toEqual({ topic: "T" });
  });

  test("the write-perm replies name their count wipeTopicCount or addTopicCount", () => {
    for (const writable of [true, false]) {
      const ext = overTheWire(RequestCode.ADD_WRITE_PERM_OF_BROKER, encodeWritePermResult(writable, 7), 0);
      expect(Object.keys(ext)).toEqual([writable ? "addTopicCount" : "wipeTopicCount"]);
      expect(decodeWritePermResult(writable, ext)).toBe(7);
    }
  });

  test("a request without its topic, cluster or broker name is refused with Java's remark", () => {
    expect(refusalWithout(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeRouteRequest, readRouteRequest, { topic: "T", acceptStandardJsonOnly: false }, "topic")).toBe("the custom field <topic> is null");
    expect(refusalWithout(RequestCode.GET_TOPICS_BY_CLUSTER, encodeTopicsByClusterHeader, decodeTopicsByClusterHeader, "C", "cluster")).toBe("the custom field <cluster> is null");
    expect(refusalWithout(RequestCode.WIPE_WRITE_PERM_OF_BROKER, encodeWritePermHeader, decodeWritePermHeader, "b", "brokerName")).toBe("the custom field <brokerName> is null");
  });
});
