import { describe, expect, test } from "bun:test";
import {
  bodyCrc32,
  decodeRegisterBrokerBody,
  encodeRegisterBrokerBody,
  type RegisterBrokerBody,
} from "../../../src/common/index.ts";

const body: RegisterBrokerBody = {
  topicConfigSerializeWrapper: {
    dataVersion: { timestamp: 1700000000000, counter: 3 },
    topicConfigTable: {
      TopicTest: {
        topicName: "TopicTest", readQueueNums: 4, writeQueueNums: 4, perm: 6,
        topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false,
      },
      TBW102: {
        topicName: "TBW102", readQueueNums: 8, writeQueueNums: 8, perm: 7,
        topicFilterType: "SINGLE_TAG", topicSysFlag: 0, order: false,
      },
    },
  },
  filterServerList: [],
};

describe("RegisterBrokerBody", () => {
  test.each([false, true])("round-trips (compressed=%p)", (compressed) => {
    expect(decodeRegisterBrokerBody(encodeRegisterBrokerBody(body, compressed), compressed)).toEqual(body);
  });

  test("reads a Java broker's fastjson body, extra 5.x fields and unquoted keys included", () => {
    const java =
      '{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":7,"stateVersion":0,"timestamp":1},' +
      '"topicConfigTable":{"T":{"attributes":{},"order":true,"perm":6,"readQueueNums":2,"topicFilterType":"SINGLE_TAG",' +
      '"topicName":"T","topicSysFlag":0,"writeQueueNums":2}},"topicQueueMappingDetailMap":{"T":{"hostedQueues":{0:[]}}}}}';
    const decoded = decodeRegisterBrokerBody(new TextEncoder().encode(java), false);
    expect(decoded.topicConfigSerializeWrapper.dataVersion).toEqual({ counter: 7, stateVersion: 0, timestamp: 1 });
    expect(decoded.topicConfigSerializeWrapper.topicConfigTable.T).toMatchObject({ order: true, readQueueNums: 2 });
  });

  test("crc32 matches Java's UtilAll.crc32 (masked to 31 bits)", () => {
    expect(bodyCrc32(new TextEncoder().encode("hello"))).toBe(907060870);
    expect(bodyCrc32(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBeLessThan(2 ** 31);
  });

  test("a truncated compressed body is rejected", () => {
    const { deflateSync } = require("node:zlib") as typeof import("node:zlib");
    expect(() => decodeRegisterBrokerBody(new Uint8Array(deflateSync(Buffer.from([0, 0, 0, 9, 1]))), true)).toThrow("truncated");
  });
});
