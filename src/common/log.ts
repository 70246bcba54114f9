// A leveled logger. Roles receive a Logger through their constructors; nothing reaches for a
// global one. Output goes to stdout and, when configured, to a file under the logs directory.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that prefixes every line with a component name, e.g. "store". */
  child(component: string): Logger;
}

/** Discards everything; for tests and tools that print through the CLI instead. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
