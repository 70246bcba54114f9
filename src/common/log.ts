// A leveled logger. Roles receive a Logger through their constructors; nothing reaches for a
// global one. Output goes to stdout and, when configured, to a file under the logs directory
// (the logsDir key, default ~/logs/rocketmqlogs like RocketMQ; main.ts names the file per role).
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

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

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(text: string): text is LogLevel {
  return text in LEVEL_RANK;
}

export interface LoggerOptions {
  /** Lowest level written. */
  level: LogLevel;
  /** Where lines go besides the file, e.g. process.stdout; omitted = nowhere. */
  write?: (line: string) => void;
  /** A log file, appended to; its directory is created. Omitted = no file. */
  file?: string;
  clock?: () => Date;
}

/** A Logger that owns a log file: close() releases it; lines logged after close go only to `write`. */
export interface FileLogger extends Logger {
  close(): void;
}

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return "";
  let out = "";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = String(value);
    out += ` ${key}=${/[\s"=]/.test(text) || text === "" ? JSON.stringify(text) : text}`;
  }
  return out;
}

/**
 * Lines read `2024-05-01T10:00:00.000Z INFO  [broker.store] message key=value`.
 * The file is written synchronously, line by line: a crash never loses what was logged before it.
 */
export function createLogger(opts: LoggerOptions): FileLogger {
  const minimum = LEVEL_RANK[opts.level];
  const clock = opts.clock ?? (() => new Date());
  let fd: number | undefined;
  if (opts.file !== undefined) {
    mkdirSync(dirname(opts.file), { recursive: true });
    fd = openSync(opts.file, "a");
  }
  const emit = (level: LogLevel, component: string, message: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < minimum) return;
    const tag = component === "" ? "" : `[${component}] `;
    const line = `${clock().toISOString()} ${level.toUpperCase().padEnd(5)} ${tag}${message}${formatFields(fields)}\n`;
    opts.write?.(line);
    if (fd !== undefined) writeSync(fd, line);
  };
  const make = (component: string): Logger => ({
    debug: (m, f) => emit("debug", component, m, f),
    info: (m, f) => emit("info", component, m, f),
    warn: (m, f) => emit("warn", component, m, f),
    error: (m, f) => emit("error", component, m, f),
    child: (name) => make(component === "" ? name : `${component}.${name}`),
  });
  return {
    ...make(""),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * The logger tests hand to the code they exercise: silent, unless MQ_LOG_LEVEL is set
 * (`MQ_LOG_LEVEL=debug bun test …`), then lines go to stderr.
 */
export function testLogger(): Logger {
  const level = process.env.MQ_LOG_LEVEL ?? "";
  if (!isLogLevel(level)) return silentLogger;
  return createLogger({ level, write: (line) => process.stderr.write(line) });
}
