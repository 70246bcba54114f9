import { describe, expect, test } from "bun:test";
import { javaStringHash } from "../../src/common/index.ts";
import { parseTagExpression, tagsMatch } from "../../src/client/subscription.ts";

describe("tag expressions", () => {
  test("'TagA || TagB' gives trimmed tags and their Java String hashes", () => {
    const sub = parseTagExpression("T", " TagA ||TagB|| TagA ", 42);
    expect(sub.tagsSet).toEqual(["TagA", "TagB"]);
    expect(sub.codeSet).toEqual([javaStringHash("TagA"), javaStringHash("TagB")]);
    expect(sub.subVersion).toBe(42);
    expect(sub.expressionType).toBe("TAG");
    expect(sub.topic).toBe("T");
  });

  test("'*' and empty mean every tag", () => {
    for (const e of ["*", "", "  ", undefined]) {
      const sub = parseTagExpression("T", e);
      expect(sub.subString).toBe("*");
      expect(sub.tagsSet).toEqual([]);
      expect(tagsMatch(sub, undefined)).toBe(true);
      expect(tagsMatch(sub, "X")).toBe(true);
    }
  });

  test("a message passes only with one of the listed tags", () => {
    const sub = parseTagExpression("T", "TagA || TagB");
    expect(tagsMatch(sub, "TagA")).toBe(true);
    expect(tagsMatch(sub, "TagB")).toBe(true);
    expect(tagsMatch(sub, "TagC")).toBe(false);
    expect(tagsMatch(sub, undefined)).toBe(false);
  });

  test("an expression of separators only is refused", () => {
    expect(() => parseTagExpression("T", "|| ||")).toThrow(/names no tag/);
  });
});
