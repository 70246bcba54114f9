import { describe, expect, test } from "bun:test";
import { parseFastjson, stringifyFastjson, type JsonMap } from "../../../src/common/index.ts";

describe("fastjson form", () => {
  test("writes integer map keys unquoted, or quoted in standard mode", () => {
    const addrs: JsonMap = new Map([[0, "10.0.0.5:10911"], [1, "10.0.0.6:10911"]]);
    expect(stringifyFastjson({ brokerAddrs: addrs }, { quoteNumericKeys: false })).toBe(
      '{"brokerAddrs":{0:"10.0.0.5:10911",1:"10.0.0.6:10911"}}',
    );
    expect(stringifyFastjson({ brokerAddrs: addrs }, { quoteNumericKeys: true })).toBe(
      '{"brokerAddrs":{"0":"10.0.0.5:10911","1":"10.0.0.6:10911"}}',
    );
  });

  test("writes object map keys in key position and leaves out null fields", () => {
    const table: JsonMap = new Map([[{ brokerName: "b", queueId: 0, topic: "t" }, 5]]);
    expect(stringifyFastjson({ a: null, offsetTable: table }, { quoteNumericKeys: true })).toBe(
      '{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:5}}',
    );
  });

  test("parses unquoted numeric keys and object keys", () => {
    const parsed = parseFastjson('{"a":{0:"x", 12 : "y"},"t":{{"brokerName":"b","queueId":0,"topic":"t"}:5}}');
    expect(parsed).toEqual({ a: { "0": "x", "12": "y" }, t: { '{"brokerName":"b","queueId":0,"topic":"t"}': 5 } });
  });

  test("parses standard JSON like JSON.parse", () => {
    const text = ' { "s" : "a\\"b\\u00e9\\\\" , "n" : -1.5e3, "l":[true,false,null,[]], "o":{} } ';
    expect(parseFastjson(text)).toEqual(JSON.parse(text));
  });

  test.each(["{", '{"a":}', "[1,]", '{"a":1}x', '"open', "{a:1}", "tru"])("rejects malformed %p", (text) => {
    expect(() => parseFastjson(text)).toThrow(SyntaxError);
  });
});

test("a __proto__ key in a peer's body is dropped, not assigned to the prototype", () => {
  const parsed = parseFastjson('{"__proto__":{"polluted":1},"a":1}') as Record<string, unknown>;
  expect(parsed.a).toBe(1);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
});
