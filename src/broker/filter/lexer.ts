// Tokens of RocketMQ's SQL92 selector (SelectorParser.jj, broker-internals.md §11):
//
//   keywords    NOT AND OR BETWEEN IN IS NULL TRUE FALSE CONTAINS STARTSWITH ENDSWITH (any case)
//   identifier  [a-zA-Z_$][a-zA-Z0-9_$]*                 (no dots or dashes, as RocketMQ)
//   integer     0 | [1-9][0-9]* [lL]?                      (a Java long)
//   decimal     d+ . d* exp? | . d+ exp? | d+ exp          exp = [eE] [+-]? d+ (a Java double)
//   string      ' ... '  with '' standing for one quote
//   symbols     = <> > >= < <= ( ) , + -
//   skipped     blanks (space, tab, CR, LF, FF), -- to end of line, /* ... */
//
// Columns are 1-based positions in the expression text.
import { FilterParseError } from "./errors.ts";

export const KEYWORDS = [
  "NOT", "AND", "OR", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE", "CONTAINS", "STARTSWITH", "ENDSWITH",
] as const;
export type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export type Token =
  | { kind: "keyword"; keyword: Keyword; column: number; text: string }
  | { kind: "identifier"; name: string; column: number; text: string }
  | { kind: "integer"; digits: string; column: number; text: string }
  | { kind: "decimal"; column: number; text: string }
  | { kind: "string"; value: string; column: number; text: string }
  | { kind: "symbol"; column: number; text: string }
  | { kind: "end"; column: number; text: string };

const SYMBOLS = [">=", "<=", "<>", "=", ">", "<", "(", ")", ",", "+", "-"];
const BLANKS = " \t\r\n\f";

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (true) {
    at = skipBlanksAndComments(text, at);
    if (at >= text.length) break;
    const token = readToken(text, at);
    tokens.push(token);
    at += token.text.length;
  }
  tokens.push({ kind: "end", column: text.length + 1, text: "" });
  return tokens;
}

function skipBlanksAndComments(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    if (BLANKS.includes(text[at] as string)) at++;
    else if (text.startsWith("--", at)) {
      const eol = text.slice(at).search(/[\r\n]/);
      at = eol < 0 ? text.length : at + eol + 1;
    } else if (text.startsWith("/*", at)) {
      const close = text.indexOf("*/", at + 2);
      if (close < 0) throw new FilterParseError("unterminated comment", at + 1);
      at = close + 2;
    } else break;
  }
  return at;
}

const IDENTIFIER = /[a-zA-Z_$][a-zA-Z0-9_$]*/y;
const DECIMAL = /(?:[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)/y;
const INTEGER = /(?:0|[1-9][0-9]*)[lL]?/y;

function readToken(text: string, at: number): Token {
  const column = at + 1;
  const identifier = matchAt(IDENTIFIER, text, at);
  if (identifier !== undefined) {
    const upper = identifier.toUpperCase();
    return KEYWORD_SET.has(upper)
      ? { kind: "keyword", keyword: upper as Keyword, column, text: identifier }
      : { kind: "identifier", name: identifier, column, text: identifier };
  }
  const decimal = matchAt(DECIMAL, text, at);
  if (decimal !== undefined) return { kind: "decimal", column, text: decimal };
  const integer = matchAt(INTEGER, text, at);
  if (integer !== undefined) return { kind: "integer", digits: integer.replace(/[lL]$/, ""), column, text: integer };
  if (text[at] === "'") return readString(text, at);
  if (text.startsWith("!=", at)) throw new FilterParseError("'!=' is not an operator, use '<>'", column);
  if (text.startsWith("==", at)) throw new FilterParseError("'==' is not an operator, use '='", column);
  const symbol = SYMBOLS.find((s) => text.startsWith(s, at));
  if (symbol !== undefined) return { kind: "symbol", column, text: symbol };
  throw new FilterParseError(`unexpected character '${text[at]}'`, column);
}

function readString(text: string, start: number): Token {
  let value = "";
  let at = start + 1;
  while (at < text.length) {
    const quote = text.indexOf("'", at);
    if (quote < 0) break;
    value += text.slice(at, quote);
    if (text[quote + 1] !== "'") {
      return { kind: "string", value, column: start + 1, text: text.slice(start, quote + 1) };
    }
    value += "'";
    at = quote + 2;
  }
  throw new FilterParseError("unterminated string literal", start + 1);
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}
