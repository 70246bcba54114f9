// Turns a parsed selector into a tree of closures, built once per subscription and run per
// message. Three-valued logic as RocketMQ evaluates it (taken over from ActiveMQ, so not quite
// SQL's):
//
//   a AND b   null if a is null; FALSE if a is FALSE; else b            (null AND FALSE is null)
//   a OR b    TRUE if a is TRUE; else b                                 (null OR FALSE is FALSE)
//   NOT a     null stays null
//   x = y     null when only x is null, FALSE when only y is null, TRUE when both are
//   x > y     null when either is null (same for >=, <, <=, and BETWEEN through AND/OR)
//   p IN (…)  null when p is missing
//   CONTAINS, STARTSWITH, ENDSWITH and their NOT forms: FALSE when the value is missing or the
//             search string is empty
// A message matches only when the result is TRUE; an evaluation error (a property that does not
// read as the number it is compared with) makes it not match, whatever the rest says.
import type { Node } from "./ast.ts";
import { FilterEvalError } from "./errors.ts";
import { compareValues, parseJavaDouble, sameValue, type Value } from "./values.ts";

/** Message properties by name (user properties and system ones such as TAGS, KEYS). */
export type PropertyLookup = (name: string) => string | undefined;

type Evaluate = (properties: PropertyLookup) => Value;

export function compileNode(node: Node): Evaluate {
  switch (node.kind) {
    case "constant": {
      const value = node.value;
      return () => value;
    }
    case "property": {
      const name = node.name;
      return (properties) => properties(name) ?? null;
    }
    case "negate":
      return negate(compileNode(node.operand));
    case "not": {
      const operand = compileNode(node.operand);
      return (properties) => {
        const value = operand(properties);
        return value === null ? null : !asBoolean(value);
      };
    }
    case "and":
      return and(compileNode(node.left), compileNode(node.right));
    case "or":
      return or(compileNode(node.left), compileNode(node.right));
    case "equal":
      return equal(compileNode(node.left), compileNode(node.right));
    case "order":
      return order(node.op, compileNode(node.left), compileNode(node.right));
    case "in":
      return inList(node.property, node.values, node.negated);
    case "text":
      return textTest(node.op, compileNode(node.operand), node.search, node.negated);
    case "booleanCast": {
      const operand = compileNode(node.operand);
      return (properties) => {
        const value = operand(properties);
        return value === null ? null : value === true;
      };
    }
  }
}

/** Conditions yield booleans or null; anything else here is a parser bug. */
function asBoolean(value: Value): boolean {
  if (typeof value !== "boolean") throw new FilterEvalError(`a condition yielded ${String(value)}`);
  return value;
}

function negate(operand: Evaluate): Evaluate {
  return (properties) => {
    const value = operand(properties);
    if (typeof value === "bigint") return BigInt.asIntN(64, -value);
    if (typeof value === "number") return -value;
    return null;
  };
}

function and(left: Evaluate, right: Evaluate): Evaluate {
  return (properties) => {
    const l = left(properties);
    if (l === null) return null;
    if (!asBoolean(l)) return false;
    return right(properties);
  };
}

function or(left: Evaluate, right: Evaluate): Evaluate {
  return (properties) => {
    const l = left(properties);
    if (l !== null && asBoolean(l)) return true;
    return right(properties);
  };
}

function equal(left: Evaluate, right: Evaluate): Evaluate {
  return (properties) => {
    const l = left(properties);
    const r = right(properties);
    if (l === null || r === null) return l === null ? (r === null ? true : null) : false;
    return sameValue(l, r) || compareValues(l, r) === 0;
  };
}

const ORDER_TESTS = {
  ">": (c: number) => c > 0,
  ">=": (c: number) => c >= 0,
  "<": (c: number) => c < 0,
  "<=": (c: number) => c <= 0,
} as const;

function order(op: keyof typeof ORDER_TESTS, left: Evaluate, right: Evaluate): Evaluate {
  const test = ORDER_TESTS[op];
  return (properties) => {
    const l = left(properties);
    if (l === null) return null;
    const r = right(properties);
    if (r === null) return null;
    // Two strings (two properties) are compared as doubles; RocketMQ refuses string ordering.
    if (typeof l === "string" && typeof r === "string") return test(compareValues(parseJavaDouble(l), parseJavaDouble(r)));
    return test(compareValues(l, r));
  };
}

function inList(name: string, values: ReadonlySet<string>, negated: boolean): Evaluate {
  return (properties) => {
    const value = properties(name);
    if (value === undefined) return null;
    return values.has(value) !== negated;
  };
}

const TEXT_TESTS = {
  CONTAINS: (value: string, search: string) => value.includes(search),
  STARTSWITH: (value: string, search: string) => value.startsWith(search),
  ENDSWITH: (value: string, search: string) => value.endsWith(search),
} as const;

function textTest(op: keyof typeof TEXT_TESTS, operand: Evaluate, search: string, negated: boolean): Evaluate {
  const test = TEXT_TESTS[op];
  return (properties) => {
    if (search === "") return false;
    const value = operand(properties);
    if (typeof value !== "string") return false;
    return test(value, search) !== negated;
  };
}
