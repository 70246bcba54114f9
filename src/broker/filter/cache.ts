// Compiled selectors by (consumer group, topic), kept while the subscription's version and text
// stay the same, so a subscription is parsed once rather than on every pull. Parse failures are
// kept too, so a consumer that keeps pulling with a bad expression is not re-parsed each time.
// At most maxEntries pairs are kept; the least recently used goes first.
import { FilterParseError } from "./errors.ts";
import { compileSql92, type Sql92Selector } from "./selector.ts";

interface Entry {
  subVersion: number;
  expression: string;
  outcome: Sql92Selector | FilterParseError;
}

export const SELECTOR_CACHE_ENTRIES_DEFAULT = 4096;

export class SelectorCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = SELECTOR_CACHE_ENTRIES_DEFAULT) {}

  get size(): number {
    return this.entries.size;
  }

  /** The compiled selector; throws the FilterParseError when the expression does not parse. */
  get(group: string, topic: string, subVersion: number, expression: string): Sql92Selector {
    const key = `${group}\u0001${topic}`;
    let entry = this.entries.get(key);
    if (entry !== undefined) this.entries.delete(key);
    if (entry === undefined || entry.subVersion !== subVersion || entry.expression !== expression) {
      entry = { subVersion, expression, outcome: compileOrError(expression) };
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    if (entry.outcome instanceof FilterParseError) throw entry.outcome;
    return entry.outcome;
  }
}

function compileOrError(expression: string): Sql92Selector | FilterParseError {
  try {
    return compileSql92(expression);
  } catch (err) {
    if (err instanceof FilterParseError) return err;
    throw err;
  }
}
