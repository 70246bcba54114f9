import { describe, expect, test } from "bun:test";
import { parseLooseJson, toFastJson, toJsonBody } from "../../src/remoting/index.ts";

describe("parseLooseJson", () => {
  test("reads standard JSON", () => {
    expect(parseLooseJson('{"a":[1,2.5,-3e2,true,null,"x\\"y"]}')).toEqual({ a: [1, 2.5, -300, true, null, 'x"y'] });
  });

  test("reads unquoted integer keys as strings", () => {
    expect(parseLooseJson('{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"}}')).toEqual({
      brokerAddrs: { "0": "10.0.0.1:10911", "1": "10.0.0.2:10911" },
    });
  });

  test("reads MessageQueue object keys as their JSON text", () => {
    const text = '{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:5,{"brokerName":"b","queueId":1,"topic":"t"}:7}}';
    const parsed = parseLooseJson(text) as { offsetTable: Record<string, number> };
    const keys = Object.keys(parsed.offsetTable);
    expect(keys).toEqual(['{"brokerName":"b","queueId":0,"topic":"t"}', '{"brokerName":"b","queueId":1,"topic":"t"}']);
    expect(JSON.parse(keys[1]!)).toEqual({ brokerName: "b", queueId: 1, topic: "t" });
    expect(parsed.offsetTable[keys[1]!]).toBe(7);
  });

  test("rejects broken input with SyntaxError", () => {
    for (const bad of ["{0:}", '{"a":1', "{a:1}", '[1,]', '{"a":1}x', "[".repeat(1000)]) {
      expect(() => parseLooseJson(bad)).toThrow(SyntaxError);
    }
  });
});

describe("toFastJson", () => {
  test("leaves out null and undefined fields, keeps key order", () => {
    expect(toFastJson({ b: 1, a: null, c: undefined, d: [null, "x"], e: false })).toBe('{"b":1,"d":[null,"x"],"e":false}');
  });

  test("writes Map keys raw: numbers bare, objects with sorted fields", () => {
    const table = new Map<{ [key: string]: string | number } | number, number>([
      [{ topic: "t", queueId: 0, brokerName: "b" }, 5],
      [3, 9],
    ]);
    expect(toFastJson({ offsetTable: table })).toBe('{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:5,3:9}}');
  });

  test("what it writes parseLooseJson reads back", () => {
    const value = { m: new Map([[{ topic: "t", queueId: 2, brokerName: "b" }, 12n]]), s: "ünï" };
    const back = parseLooseJson(new TextDecoder().decode(toJsonBody(value)));
    expect(back).toEqual({ m: { '{"brokerName":"b","queueId":2,"topic":"t"}': 12 }, s: "ünï" });
  });
});
