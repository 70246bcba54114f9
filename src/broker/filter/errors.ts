// The two failures of an SQL92 selector. A FilterParseError is the client's fault and is told to
// it (SUBSCRIPTION_PARSE_FAILED, with column and reason); a FilterEvalError is a message whose
// property cannot be converted for a comparison, and makes that one message not match.

export class FilterParseError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based position in the expression text. */
    readonly column: number,
  ) {
    super(`${reason} at column ${column}`);
    this.name = "FilterParseError";
  }
}

export class FilterEvalError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "FilterEvalError";
  }
}
