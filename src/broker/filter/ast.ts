// The parsed form of an SQL92 selector and the checks RocketMQ makes while building it
// (ComparisonExpression.check*, SelectorParser.asBooleanExpression). Each node keeps the column of
// the token that made it, so a refusal can say where.
import { FilterParseError } from "./errors.ts";
import { compareValues, type Value } from "./values.ts";

export type TextOperator = "CONTAINS" | "STARTSWITH" | "ENDSWITH";
export type Ordering = ">" | ">=" | "<" | "<=";

export type Node =
  | { kind: "constant"; value: Value; column: number; text: string }
  | { kind: "property"; name: string; column: number }
  | { kind: "negate"; operand: Node; column: number }
  | { kind: "not"; operand: Node; column: number }
  | { kind: "and" | "or"; left: Node; right: Node; column: number }
  /** Java's equality with its null rule; also IS NULL (right = the NULL constant). */
  | { kind: "equal"; left: Node; right: Node; column: number }
  | { kind: "order"; op: Ordering; left: Node; right: Node; column: number }
  | { kind: "in"; property: string; values: ReadonlySet<string>; negated: boolean; column: number }
  | { kind: "text"; op: TextOperator; operand: Node; search: string; negated: boolean; column: number }
  /** A bare property used as a condition: true only if its value is a boolean true. */
  | { kind: "booleanCast"; operand: Node; column: number };

export const NULL_CONSTANT = (column: number): Node => ({ kind: "constant", value: null, column, text: "NULL" });

/** RocketMQ's BooleanExpression: nodes that yield TRUE, FALSE or null. */
function isCondition(node: Node): boolean {
  if (node.kind === "constant") return node.value === null || typeof node.value === "boolean";
  return node.kind !== "property" && node.kind !== "negate";
}

/** An operand of AND, OR, NOT or the whole selector: a condition, or a property cast to one. */
export function asCondition(node: Node): Node {
  if (isCondition(node)) return node;
  if (node.kind === "property") return { kind: "booleanCast", operand: node, column: node.column };
  throw new FilterParseError(`${describe(node)} is not a condition`, node.column);
}

/** Operands of > >= < <= (and BETWEEN): numbers, properties or negations, never conditions. */
export function checkOrderOperand(node: Node, op: string, column: number): void {
  const numeric = node.kind === "constant" && (typeof node.value === "bigint" || typeof node.value === "number");
  if (numeric || node.kind === "property" || node.kind === "negate") return;
  throw new FilterParseError(`${describe(node)} cannot be compared with '${op}'`, column);
}

/** Operands of = and <>: anything but the NULL literal; a TRUE/FALSE literal only against a boolean. */
export function checkEqualOperands(left: Node, right: Node, op: string, column: number): void {
  for (const side of [left, right]) {
    if (side.kind === "constant" && side.value === null) {
      throw new FilterParseError(`NULL cannot be compared with '${op}', use IS NULL`, column);
    }
  }
  if (left.kind === "constant" && right.kind === "constant" && typeof left.value === "boolean" && typeof right.value !== "boolean") {
    throw new FilterParseError(`${describe(left)} cannot be compared with ${describe(right)}`, column);
  }
}

/** BETWEEN with two literal bounds needs low <= high (RocketMQ checks it when it parses). */
export function checkBetweenBounds(low: Node, high: Node, column: number): void {
  if (low.kind !== "constant" || high.kind !== "constant") return;
  if (low.value === null || high.value === null) {
    throw new FilterParseError("the bounds of BETWEEN cannot be NULL", column);
  }
  let order: number;
  try {
    order = compareValues(high.value, low.value);
  } catch {
    throw new FilterParseError(`the bounds of BETWEEN ${low.text} AND ${high.text} cannot be compared`, column);
  }
  if (order < 0) {
    throw new FilterParseError(`the low bound of BETWEEN (${low.text}) must not exceed the high bound (${high.text})`, column);
  }
}

export function describe(node: Node): string {
  if (node.kind === "constant") return node.value === null ? "NULL" : node.text;
  if (node.kind === "property") return `property ${node.name}`;
  if (node.kind === "negate") return "a negated value";
  return "a condition";
}
