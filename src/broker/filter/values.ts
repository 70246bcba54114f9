// Values of an SQL92 selector and how two of them compare, with Java's types as RocketMQ has them:
//
//   Java      here      from
//   String    string    string literals and every message property
//   Long      bigint    integer literals (64-bit, checked)
//   Double    number    decimal literals
//   Boolean   boolean   TRUE, FALSE, and comparisons
//   null      null      NULL and missing properties
//
// Two values of different types compare after converting one side (RocketMQ's
// ComparisonExpression.__compare with string conversion on): a string meeting a long is read with
// Long.valueOf, meeting a double with Double.valueOf, meeting a boolean with Boolean.valueOf; a
// long meeting a double becomes a double. A string that does not read as the number is an error
// (FilterEvalError), so `a > 5` on a = 'abc' fails the whole message. Any other mix (a boolean
// against a number) compares as "less" (-1), as Java does.
import { FilterEvalError } from "./errors.ts";

export type Value = string | bigint | number | boolean | null;

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

/** Java Long.valueOf(String): optional sign, ASCII digits, in range; no blanks. */
export function parseJavaLong(text: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new FilterEvalError(`'${text}' is not a long`);
  const value = BigInt(text);
  if (value < LONG_MIN || value > LONG_MAX) throw new FilterEvalError(`'${text}' is out of the long range`);
  return value;
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;

/** Java Double.valueOf(String): blanks trimmed, NaN, Infinity and a trailing f/d accepted. */
export function parseJavaDouble(text: string): number {
  const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (!JAVA_DOUBLE.test(trimmed)) throw new FilterEvalError(`'${text}' is not a number`);
  return Number(trimmed.replace(/[fFdD]$/, ""));
}

/** Java Double.compare: NaN above everything and equal to itself, -0.0 below 0.0. */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (Object.is(a, b)) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return Object.is(a, -0) ? -1 : 1;
}

function compareSame(a: Exclude<Value, null>, b: Exclude<Value, null>): number {
  if (typeof a === "number" && typeof b === "number") return compareDoubles(a, b);
  if (typeof a === "boolean") return Number(a) - Number(b as boolean);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Java's compareTo after RocketMQ's conversions; both sides are non-null. */
export function compareValues(left: Exclude<Value, null>, right: Exclude<Value, null>): number {
  const lt = typeof left;
  const rt = typeof right;
  if (lt === rt) return compareSame(left, right);
  if (typeof left === "bigint") {
    if (typeof right === "number") return compareDoubles(Number(left), right);
    if (typeof right === "string") return compareSame(left, parseJavaLong(right));
    return -1;
  }
  if (typeof left === "number") {
    if (typeof right === "bigint") return compareDoubles(left, Number(right));
    if (typeof right === "string") return compareDoubles(left, parseJavaDouble(right));
    return -1;
  }
  if (typeof left === "string") {
    if (typeof right === "bigint") return compareSame(parseJavaLong(left), right);
    if (typeof right === "number") return compareDoubles(parseJavaDouble(left), right);
    return compareSame(left.toLowerCase() === "true", right);
  }
  // A boolean constant against a string property: RocketMQ casts the wrong side and fails.
  if (typeof right === "string") throw new FilterEvalError("a boolean cannot be compared with a string on its right");
  return -1;
}

/** Java equals: same type and same value (Double.equals: NaN equals NaN, 0.0 is not -0.0). */
export const sameValue = (a: Exclude<Value, null>, b: Exclude<Value, null>): boolean =>
  typeof a === typeof b && Object.is(a, b);
