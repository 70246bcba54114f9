// SQL92 property filtering (broker-internals.md §11): RocketMQ's selector grammar, parsed by hand,
// compiled once into closures and matched against a message's properties. Pure: no I/O, no broker
// types; the consume path wraps it into a MessageFilter.
export { FilterParseError } from "./errors.ts";
export { compileSql92, type Sql92Selector } from "./selector.ts";
export { SelectorCache, SELECTOR_CACHE_ENTRIES_DEFAULT } from "./cache.ts";
export { EXPRESSION_CHARS_MAX, NESTING_DEPTH_MAX } from "./parser.ts";
