import { describe, expect, test } from "bun:test";
import { FilterParseError, SelectorCache, compileSql92, NESTING_DEPTH_MAX } from "../../src/broker/filter/index.ts";

const matches = (expression: string, properties: Record<string, string> = {}): boolean =>
  compileSql92(expression).matches(new Map(Object.entries(properties)));

function parseError(expression: string): FilterParseError {
  try {
    compileSql92(expression);
  } catch (err) {
    if (err instanceof FilterParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(expression)} not to parse`);
}

describe("SQL92 selector: operators", () => {
  // [expression, properties, expected match]
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ["a = 'x'", { a: "x" }, true],
    ["a = 'x'", { a: "y" }, false],
    ["a <> 'x'", { a: "y" }, true],
    ["a <> 'x'", { a: "x" }, false],
    ["a > 5", { a: "6" }, true],
    ["a > 5", { a: "5" }, false],
    ["a >= 5", { a: "5" }, true],
    ["a < 5", { a: "4" }, true],
    ["a < 5", { a: "5" }, false],
    ["a <= 5", { a: "5" }, true],
    ["a between 0 and 8", { a: "0" }, true],
    ["a between 0 and 8", { a: "8" }, true],
    ["a between 0 and 8", { a: "9" }, false],
    ["a not between 0 and 8", { a: "9" }, true],
    ["a not between 0 and 8", { a: "4" }, false],
    ["a in ('x', 'y')", { a: "y" }, true],
    ["a in ('x', 'y')", { a: "z" }, false],
    ["a not in ('x', 'y')", { a: "z" }, true],
    ["a not in ('x', 'y')", { a: "x" }, false],
    ["a is null", {}, true],
    ["a is null", { a: "" }, false],
    ["a is not null", { a: "" }, true],
    ["a is not null", {}, false],
    ["a contains 'ell'", { a: "hello" }, true],
    ["a contains 'xyz'", { a: "hello" }, false],
    ["a not contains 'xyz'", { a: "hello" }, true],
    ["a startswith 'he'", { a: "hello" }, true],
    ["a not startswith 'he'", { a: "hello" }, false],
    ["a endswith 'lo'", { a: "hello" }, true],
    ["a not endswith 'lo'", { a: "help" }, true],
    ["a contains ''", { a: "hello" }, false],
    ["TRUE", {}, true],
    ["FALSE", {}, false],
    ["a = TRUE", { a: "TRUE" }, true],
    ["a = FALSE", { a: "yes" }, true],
    ["a = -3", { a: "-3" }, true],
    ["a > -3.5", { a: "-3" }, true],
    ["a = +3", { a: "3" }, true],
    ["a = 1.5", { a: "1.5" }, true],
    ["a = 3", { a: "3" }, true],
    ["a = 3.0", { a: "3" }, true],
    ["a = 10L", { a: "10" }, true],
    ["a > 1e2", { a: "101" }, true],
    ["a > b", { a: "10", b: "9" }, true],
    ["a = 'it''s'", { a: "it's" }, true],
    ["TAGS = 'TagA'", { TAGS: "TagA" }, true],
    ["$x_1 = 'v'", { $x_1: "v" }, true],
    ["a = 9223372036854775807", { a: "9223372036854775807" }, true],
    ["a > 9223372036854775806", { a: "9223372036854775807" }, true],
  ];
  for (const [expression, properties, expected] of cases) {
    test(`${expression} on ${JSON.stringify(properties)} is ${expected}`, () => {
      expect(matches(expression, properties)).toBe(expected);
    });
  }

  test("keywords are case-insensitive, property names are not", () => {
    expect(matches("a BeTwEeN 1 AnD 3 aNd b In ('x') Or c iS nUlL", { a: "2", b: "x", c: "1" })).toBe(true);
    expect(matches("A = 'x'", { a: "x" })).toBe(false);
  });

  test("comments and blanks are skipped", () => {
    expect(matches("a = 'x' /* note */ and\n\tb = 'y' -- trailing\n", { a: "x", b: "y" })).toBe(true);
  });
});

describe("SQL92 selector: precedence", () => {
  test("AND binds tighter than OR", () => {
    expect(matches("a = '1' or b = '1' and c = '1'", { a: "1" })).toBe(true);
    expect(matches("(a = '1' or b = '1') and c = '1'", { a: "1" })).toBe(false);
  });

  test("NOT of a parenthesised condition negates it", () => {
    expect(matches("not (a = 'x')", { a: "y" })).toBe(true);
    expect(matches("not (a = 'x' or b = 'y')", { a: "z", b: "y" })).toBe(false);
    expect(matches("not not (a = 'x')", { a: "x" })).toBe(true);
  });

  test("NOT binds tighter than a comparison, as in RocketMQ: NOT a = 'x' is (NOT a) = 'x'", () => {
    // (NOT a) casts a to boolean: a string property is FALSE, so NOT a is TRUE. TRUE = 'x' then
    // fails (RocketMQ cannot convert the string on the right), while 'true' = TRUE holds.
    expect(matches("not (a = 'x')", { a: "y" })).toBe(true);
    expect(matches("not a = 'x'", { a: "y" })).toBe(false);
    expect(matches("'true' = not a", { a: "y" })).toBe(true);
  });
});

describe("SQL92 selector: null and type semantics", () => {
  test("comparisons with a missing property are not true, nor are their negations", () => {
    for (const expression of ["a = 'x'", "a <> 'x'", "a > 1", "a between 1 and 2", "a not between 1 and 2", "a in ('x')", "a not in ('x')"]) {
      expect(matches(expression)).toBe(false);
      expect(matches(`not (${expression})`)).toBe(false);
    }
  });

  test("CONTAINS family is FALSE (not null) on a missing property, so NOT of it is TRUE", () => {
    expect(matches("a contains 'x'")).toBe(false);
    expect(matches("a not contains 'x'")).toBe(false);
    expect(matches("not (a contains 'x')")).toBe(true);
  });

  test("equality with the literal on the left is FALSE, not null, on a missing property (RocketMQ's rule)", () => {
    expect(matches("'x' = a")).toBe(false);
    expect(matches("not ('x' = a)")).toBe(true);
  });

  test("AND and OR follow RocketMQ's left-first three-valued logic", () => {
    expect(matches("a = 'x' or b = 'y'", { b: "y" })).toBe(true);
    expect(matches("b = 'y' or a = 'x'", { b: "y" })).toBe(true);
    expect(matches("not (a = 'x' and b = 'y')", { b: "z" })).toBe(false);
    expect(matches("not (b = 'y' and a = 'x')", { b: "z" })).toBe(true);
  });

  test("a number compared with a string that is not that number fails the whole message", () => {
    expect(matches("a > 5", { a: "abc" })).toBe(false);
    expect(matches("a = 5", { a: "abc" })).toBe(false);
    expect(matches("a > 5 or b = 'x'", { a: "abc", b: "x" })).toBe(false);
    expect(matches("b = 'x' or a > 5", { a: "abc", b: "x" })).toBe(true);
  });

  test("an integer literal reads the property as a long, a decimal literal as a double", () => {
    expect(matches("a = 3", { a: "3.0" })).toBe(false);
    expect(matches("a = 3.0", { a: "3.0" })).toBe(true);
    expect(matches("a > 2", { a: " 3" })).toBe(false);
    expect(matches("a > 2.0", { a: " 3" })).toBe(true);
    expect(matches("a = 9007199254740993", { a: "9007199254740992" })).toBe(false);
  });

  test("a string property compared with a string literal is a string comparison", () => {
    expect(matches("a = '5'", { a: "5.0" })).toBe(false);
    expect(matches("a = '5'", { a: "5" })).toBe(true);
  });

  test("a bare property is a condition only when it is a boolean, which properties never are", () => {
    expect(matches("a", { a: "true" })).toBe(false);
    expect(matches("not a", { a: "true" })).toBe(true);
    expect(matches("a")).toBe(false);
  });
});

describe("SQL92 selector: parse errors carry the column and the reason", () => {
  const cases: Array<[string, number, string]> = [
    ["", 1, "empty expression"],
    ["region = ", 10, "expected a value after '='"],
    ["a = 1 b", 7, "unexpected 'b'"],
    ["a != 'x'", 3, "'!=' is not an operator, use '<>'"],
    ["a == 'x'", 3, "'==' is not an operator, use '='"],
    ["a > 'x'", 3, "'x' cannot be compared with '>'"],
    ["a <= TRUE", 3, "TRUE cannot be compared with '<='"],
    ["(a = 'x') > 1", 11, "a condition cannot be compared with '>'"],
    ["a = NULL", 3, "NULL cannot be compared with '=', use IS NULL"],
    ["TRUE = 5", 6, "TRUE cannot be compared with 5"],
    ["a between 5 and 1", 3, "the low bound of BETWEEN (5) must not exceed the high bound (1)"],
    ["a between 1 or 2", 13, "expected AND in BETWEEN, found 'or'"],
    ["a between null and 1", 3, "the bounds of BETWEEN cannot be NULL"],
    ["'x' in ('x')", 5, "IN needs a property on its left"],
    ["a in ()", 7, "expected a string literal in IN (...), found ')'"],
    ["a in (1, 2)", 7, "expected a string literal in IN (...), found '1'"],
    ["a in ('x', )", 12, "expected a string literal after ',' in IN (...), found ')'"],
    ["a in ('x'", 10, "expected ')' to close IN (...), found the end of the expression"],
    ["a in 'x'", 6, "expected '(' after IN, found ''x''"],
    ["a contains 5", 12, "expected a string literal after CONTAINS, found '5'"],
    ["a is 5", 6, "expected NULL or NOT NULL after IS"],
    ["a is not 5", 10, "expected NULL after IS NOT"],
    ["(a = 'x'", 9, "expected ')' to close '(' at column 1, found the end of the expression"],
    ["a = 'x", 5, "unterminated string literal"],
    ["a = 'x' /* open", 9, "unterminated comment"],
    ["a.b = 'x'", 2, "unexpected character '.'"],
    ["a-b = 'x'", 2, "unexpected '-'"],
    ["a = 'x' and", 12, "expected a value after 'and'"],
    ["and a = 'x'", 1, "expected a value at the start"],
    ["'x'", 1, "'x' is not a condition"],
    ["a = 'x' and 5", 13, "5 is not a condition"],
    ["a = 9223372036854775808", 5, "9223372036854775808 is out of the long range"],
    ["a like 'x%'", 3, "unexpected 'like'"],
    ["a not = 'x'", 3, "unexpected 'not'"],
  ];
  for (const [expression, column, reason] of cases) {
    test(`${JSON.stringify(expression)} fails at column ${column}: ${reason}`, () => {
      const err = parseError(expression);
      expect({ column: err.column, reason: err.reason }).toEqual({ column, reason });
      expect(err.message).toBe(`${reason} at column ${column}`);
    });
  }

  test("nesting beyond the limit is refused rather than overflowing the stack", () => {
    const deep = "(".repeat(NESTING_DEPTH_MAX + 1) + "a = 'x'" + ")".repeat(NESTING_DEPTH_MAX + 1);
    expect(parseError(deep).reason).toBe(`nested deeper than ${NESTING_DEPTH_MAX} levels`);
    const fine = "(".repeat(NESTING_DEPTH_MAX) + "a = 'x'" + ")".repeat(NESTING_DEPTH_MAX);
    expect(compileSql92(fine).matches(new Map([["a", "x"]]))).toBe(true);
  });
});

describe("SelectorCache", () => {
  test("compiles once per (group, topic, subVersion) and again when the subscription changes", () => {
    const cache = new SelectorCache(8);
    const first = cache.get("G", "T", 1, "a = 'x'");
    expect(cache.get("G", "T", 1, "a = 'x'")).toBe(first);
    const changed = cache.get("G", "T", 2, "a = 'y'");
    expect(changed).not.toBe(first);
    expect(changed.matches(new Map([["a", "y"]]))).toBe(true);
    expect(cache.get("G2", "T", 1, "a = 'x'")).not.toBe(first);
  });

  test("keeps parse failures and stays within its bound", () => {
    const cache = new SelectorCache(2);
    expect(() => cache.get("G", "T", 1, "a =")).toThrow(FilterParseError);
    expect(() => cache.get("G", "T", 1, "a =")).toThrow("expected a value after '=' at column 4");
    cache.get("G", "U", 1, "a = 'x'");
    cache.get("G", "V", 1, "a = 'x'");
    expect(cache.size).toBe(2);
  });
});
