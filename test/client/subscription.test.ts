import { describe, expect, test } from "bun:test";
import { javaStringHash } from "../../src/common/index.ts";
import { parseSubscription, parseTagExpression, tagsMatch } from "../../src/client/subscription.ts";

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

describe("selectors", () => {
  test("an SQL92 selector is sent as is, with no tags, and the client does not re-filter", () => {
    const sub = parseSubscription("T", { type: "SQL92", expression: " a between 0 and 8 " }, 7);
    expect(sub).toMatchObject({ topic: "T", subString: "a between 0 and 8", tagsSet: [], codeSet: [], subVersion: 7, expressionType: "SQL92" });
    expect(tagsMatch(sub, "AnyTag")).toBe(true);
  });

  test("a TAG selector and a plain string read the same", () => {
    const a = parseSubscription("T", { type: "TAG", expression: "A || B" }, 1);
    expect(a).toEqual(parseSubscription("T", "A || B", 1));
    expect(a.tagsSet).toEqual(["A", "B"]);
  });

  test("an empty SQL92 expression is refused", () => {
    expect(() => parseSubscription("T", { type: "SQL92", expression: "  " })).toThrow(/needs an expression/);
  });
});
