// A compiled SQL92 selector: parsed and checked once, then matched against many messages.
import { compileNode } from "./compile.ts";
import { FilterEvalError } from "./errors.ts";
import { parseSelector } from "./parser.ts";

export interface Sql92Selector {
  readonly expression: string;
  /** True only when the selector yields TRUE; FALSE, null and evaluation errors do not match. */
  matches(properties: ReadonlyMap<string, string>): boolean;
}

/** Parses and compiles; throws FilterParseError (with the column and reason) when it does not parse. */
export function compileSql92(expression: string): Sql92Selector {
  const evaluate = compileNode(parseSelector(expression));
  return {
    expression,
    matches(properties) {
      try {
        return evaluate((name) => properties.get(name)) === true;
      } catch (err) {
        if (err instanceof FilterEvalError) return false;
        throw err;
      }
    },
  };
}
