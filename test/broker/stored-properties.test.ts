import { describe, expect, test } from "bun:test";
import { formatProperties, parseProperties } from "../../src/common/index.ts";
import { storedPropertiesText } from "../../src/broker/send/stored-properties.ts";

/** What the Map path stores: parsed, MSG_REGION, TRACE_ON and CLUSTER set, formatted. */
function viaMap(text: string, cluster: string): Map<string, string> {
  const properties = parseProperties(text);
  properties.set("MSG_REGION", "DefaultRegion");
  properties.set("TRACE_ON", "true");
  properties.set("CLUSTER", cluster);
  return parseProperties(formatProperties(properties));
}

const P = (...pairs: string[]): string => pairs.join("\u0002");

describe("stored properties fast path", () => {
  const cases: Record<string, string> = {
    "a producer's usual properties": P("UNIQ_KEY\u0001AC1100010000", "WAIT\u0001true", "TAGS\u0001TagA", "KEYS\u0001k1 k2"),
    "no properties": "",
    "WAIT only": "WAIT\u0001false",
    "a CLUSTER sent by the producer is replaced": P("CLUSTER\u0001other", "TAGS\u0001t"),
    "a MSG_REGION and TRACE_ON sent by the producer are replaced": P("MSG_REGION\u0001Elsewhere", "TRACE_ON\u0001false", "TAGS\u0001t"),
    "trailing separator and empty segments": P("TAGS\u0001t", "", "\u0001nameless", "noValueSeparator", ""),
    "empty values": P("TAGS\u0001", "KEYS\u0001"),
  };
  for (const [name, text] of Object.entries(cases)) {
    test(`${name}: the same properties as the Map path`, () => {
      const fast = storedPropertiesText(text, "DefaultCluster");
      expect(fast).toBeDefined();
      expect(parseProperties(fast!)).toEqual(viaMap(text, "DefaultCluster"));
      expect(fast!.split("\u0002").filter((s) => s.startsWith("CLUSTER\u0001"))).toEqual(["CLUSTER\u0001DefaultCluster"]);
      // Every entry of the stored text is name=value: none empty or malformed is carried over.
      expect(fast!.split("\u0002").every((entry) => entry.indexOf("\u0001") > 0)).toBe(true);
    });
  }

  test("a text with no stamp and no stray entry is stored as sent, the stamps after it", () => {
    const sent = P("UNIQ_KEY\u0001AC1100010000", "WAIT\u0001true", "TAGS\u0001TagA");
    expect(storedPropertiesText(sent, "C1")).toBe(`${sent}\u0002MSG_REGION\u0001DefaultRegion\u0002TRACE_ON\u0001true\u0002CLUSTER\u0001C1`);
  });

  test("a delayed message is left to the Map path", () => {
    expect(storedPropertiesText(P("TAGS\u0001a", "DELAY\u00013"), "c")).toBeUndefined();
    expect(storedPropertiesText(P("TAGS\u0001a", "DELAY\u0001"), "c")).toBeUndefined();
  });

  test("a property named twice is left to the Map path", () => {
    expect(storedPropertiesText(P("TAGS\u0001a", "TAGS\u0001b"), "c")).toBeUndefined();
  });
});
