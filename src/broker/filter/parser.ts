// Recursive-descent parser for RocketMQ's SQL92 selector, one function per grammar rule, with
// RocketMQ's precedence (loosest first; NOT binds tighter than comparisons, as in ActiveMQ, so
// `NOT a = 'x'` means `(NOT a) = 'x'`: write `NOT (a = 'x')`):
//
//   selector    := or END
//   or          := and ( OR and )*
//   and         := equality ( AND equality )*
//   equality    := comparison ( '=' comparison | '<>' comparison | IS NULL | IS NOT NULL )*
//   comparison  := unary ( ('>' | '>=' | '<' | '<=') unary
//                        | [NOT] BETWEEN unary AND unary
//                        | [NOT] IN '(' string ( ',' string )* ')'
//                        | [NOT] (CONTAINS | STARTSWITH | ENDSWITH) string )*
//   unary       := '+' unary | '-' unary | NOT unary | primary
//   primary     := string | integer | decimal | TRUE | FALSE | NULL | identifier | '(' or ')'
import {
  NULL_CONSTANT,
  asCondition,
  checkBetweenBounds,
  checkEqualOperands,
  checkOrderOperand,
  type Node,
  type Ordering,
  type TextOperator,
} from "./ast.ts";
import { FilterParseError } from "./errors.ts";
import { tokenize, type Keyword, type Token } from "./lexer.ts";
import { LONG_MAX } from "./values.ts";

/** Longest selector accepted, and deepest nesting of parentheses and unary operators. */
export const EXPRESSION_CHARS_MAX = 16_384;
export const NESTING_DEPTH_MAX = 64;

export function parseSelector(text: string): Node {
  if (text.length > EXPRESSION_CHARS_MAX) {
    throw new FilterParseError(`expression longer than ${EXPRESSION_CHARS_MAX} characters`, EXPRESSION_CHARS_MAX + 1);
  }
  const parser = new Parser(tokenize(text));
  if (parser.peek().kind === "end") throw new FilterParseError("empty expression", 1);
  const node = asCondition(parser.or());
  const rest = parser.peek();
  if (rest.kind !== "end") throw new FilterParseError(`unexpected ${show(rest)}`, rest.column);
  return node;
}

const ORDERINGS: readonly string[] = [">", ">=", "<", "<="];
const TEXT_OPERATORS: readonly string[] = ["CONTAINS", "STARTSWITH", "ENDSWITH"];
const NEGATABLE: readonly string[] = ["BETWEEN", "IN", ...TEXT_OPERATORS];

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)] as Token;
  }

  or(): Node {
    let left = this.and();
    while (this.isKeyword(this.peek(), "OR")) {
      const op = this.next();
      left = { kind: "or", left: asCondition(left), right: asCondition(this.and()), column: op.column };
    }
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.isKeyword(this.peek(), "AND")) {
      const op = this.next();
      left = { kind: "and", left: asCondition(left), right: asCondition(this.equality()), column: op.column };
    }
    return left;
  }

  private equality(): Node {
    let left = this.comparison();
    while (true) {
      const op = this.peek();
      if (op.kind === "symbol" && (op.text === "=" || op.text === "<>")) {
        this.next();
        const right = this.comparison();
        checkEqualOperands(left, right, op.text, op.column);
        const equal: Node = { kind: "equal", left, right, column: op.column };
        left = op.text === "=" ? equal : { kind: "not", operand: equal, column: op.column };
      } else if (this.isKeyword(op, "IS")) {
        left = this.isNull(left);
      } else {
        return left;
      }
    }
  }

  private isNull(left: Node): Node {
    const is = this.next();
    const negated = this.isKeyword(this.peek(), "NOT");
    if (negated) this.next();
    const nullToken = this.peek();
    if (!this.isKeyword(nullToken, "NULL")) {
      throw new FilterParseError(`expected ${negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS"}`, nullToken.column);
    }
    this.next();
    const equal: Node = { kind: "equal", left, right: NULL_CONSTANT(nullToken.column), column: is.column };
    return negated ? { kind: "not", operand: equal, column: is.column } : equal;
  }

  private comparison(): Node {
    let left = this.unary();
    while (true) {
      const op = this.peek();
      if (op.kind === "symbol" && ORDERINGS.includes(op.text)) {
        this.next();
        left = this.ordering(op.text as Ordering, left, this.unary(), op.column);
        continue;
      }
      const negated = this.isKeyword(op, "NOT") && this.peek(1).kind === "keyword" && NEGATABLE.includes(this.peek(1).text.toUpperCase());
      if (negated) this.next();
      const keyword = this.peek();
      if (keyword.kind !== "keyword" || !NEGATABLE.includes(keyword.keyword)) return left;
      this.next();
      if (keyword.keyword === "BETWEEN") left = this.between(left, negated, op.column);
      else if (keyword.keyword === "IN") left = this.in(left, negated, op.column);
      else left = this.text(keyword.keyword as TextOperator, left, negated, op.column);
    }
  }

  private ordering(op: Ordering, left: Node, right: Node, column: number): Node {
    checkOrderOperand(left, op, column);
    checkOrderOperand(right, op, column);
    return { kind: "order", op, left, right, column };
  }

  private between(value: Node, negated: boolean, column: number): Node {
    const low = this.unary();
    const and = this.peek();
    if (!this.isKeyword(and, "AND")) throw new FilterParseError(`expected AND in BETWEEN, found ${show(and)}`, and.column);
    this.next();
    const high = this.unary();
    if (negated) {
      return { kind: "or", left: this.ordering("<", value, low, column), right: this.ordering(">", value, high, column), column };
    }
    checkBetweenBounds(low, high, column);
    return { kind: "and", left: this.ordering(">=", value, low, column), right: this.ordering("<=", value, high, column), column };
  }

  private in(left: Node, negated: boolean, column: number): Node {
    if (left.kind !== "property") throw new FilterParseError("IN needs a property on its left", column);
    this.expectSymbol("(", "after IN");
    const values = new Set<string>([this.stringLiteral("in IN (...)")]);
    while (this.peek().kind === "symbol" && this.peek().text === ",") {
      this.next();
      values.add(this.stringLiteral("after ',' in IN (...)"));
    }
    this.expectSymbol(")", "to close IN (...)");
    return { kind: "in", property: left.name, values, negated, column };
  }

  private text(op: TextOperator, operand: Node, negated: boolean, column: number): Node {
    return { kind: "text", op, operand, search: this.stringLiteral(`after ${op}`), negated, column };
  }

  private unary(): Node {
    const token = this.peek();
    if (token.kind === "symbol" && (token.text === "+" || token.text === "-")) {
      this.next();
      const operand = this.nested(() => this.unary());
      return token.text === "+" ? operand : { kind: "negate", operand, column: token.column };
    }
    if (this.isKeyword(token, "NOT")) {
      this.next();
      return { kind: "not", operand: asCondition(this.nested(() => this.unary())), column: token.column };
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.peek();
    if (token.kind === "symbol" && token.text === "(") {
      this.next();
      const inner = this.nested(() => this.or());
      this.expectSymbol(")", `to close '(' at column ${token.column}`);
      return inner;
    }
    const literal = literalOf(token);
    if (literal === undefined) throw new FilterParseError(`expected a value ${this.after()}`, token.column);
    this.next();
    return literal;
  }

  private nested(parse: () => Node): Node {
    if (++this.depth > NESTING_DEPTH_MAX) {
      throw new FilterParseError(`nested deeper than ${NESTING_DEPTH_MAX} levels`, this.peek().column);
    }
    const node = parse();
    this.depth--;
    return node;
  }

  private stringLiteral(where: string): string {
    const token = this.peek();
    if (token.kind !== "string") throw new FilterParseError(`expected a string literal ${where}, found ${show(token)}`, token.column);
    this.next();
    return token.value;
  }

  private expectSymbol(symbol: string, why: string): void {
    const token = this.peek();
    if (token.kind !== "symbol" || token.text !== symbol) {
      throw new FilterParseError(`expected '${symbol}' ${why}, found ${show(token)}`, token.column);
    }
    this.next();
  }

  private after(): string {
    return this.at === 0 ? "at the start" : `after '${this.peek(-1).text}'`;
  }

  private next(): Token {
    const token = this.peek();
    this.at++;
    return token;
  }

  private isKeyword(token: Token, keyword: Keyword): boolean {
    return token.kind === "keyword" && token.keyword === keyword;
  }
}

function literalOf(token: Token): Node | undefined {
  const { column, text } = token;
  switch (token.kind) {
    case "string":
      return { kind: "constant", value: token.value, column, text };
    case "integer": {
      const value = BigInt(token.digits);
      if (value > LONG_MAX) throw new FilterParseError(`${text} is out of the long range`, column);
      return { kind: "constant", value, column, text };
    }
    case "decimal":
      return { kind: "constant", value: Number(text), column, text };
    case "identifier":
      return { kind: "property", name: token.name, column };
    case "keyword":
      if (token.keyword === "TRUE") return { kind: "constant", value: true, column, text };
      if (token.keyword === "FALSE") return { kind: "constant", value: false, column, text };
      if (token.keyword === "NULL") return NULL_CONSTANT(column);
      return undefined;
    default:
      return undefined;
  }
}

function show(token: Token): string {
  return token.kind === "end" ? "the end of the expression" : `'${token.text}'`;
}
