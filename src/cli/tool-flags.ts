// Flags shared by the client tools (produce, consume, bench): the name servers (-n, else
// NAMESRV_ADDR, else 127.0.0.1:9876 as the quickstart; a host alone means port 9876), typed
// option readers that reject bad values once at the edge, and a stop signal (SIGINT/SIGTERM) a
// long-running tool waits on.
import { groupNameProblem, NamesrvAddrError, parseNamesrvAddrs } from "../common/index.ts";
import type { Io, Options } from "./command.ts";

export const NAMESRV_DEFAULT = "127.0.0.1:9876";

export class FlagError extends Error {}

/** Reads a tool's flags once, at the edge: a bad value is printed as "<tool>: <reason>" and gives
 *  undefined, for the caller to exit with EXIT_USAGE. */
export function readFlags<T>(tool: string, io: Io, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.err(`${tool}: ${e.message}\n`);
    return undefined;
  }
}

/** The name servers, each as host:port ("a;b:9877" -> "a:9876;b:9877"); FlagError names a bad one. */
export function namesrvOf(o: Options, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const flag = o.namesrvAddr;
  const text = typeof flag === "string" && flag.trim() !== "" ? flag : env.NAMESRV_ADDR?.trim() || NAMESRV_DEFAULT;
  let addrs: string[];
  try {
    addrs = parseNamesrvAddrs(text);
  } catch (e) {
    if (e instanceof NamesrvAddrError) throw new FlagError(e.message);
    throw e;
  }
  if (addrs.length === 0) throw new FlagError(`-n names no name server (got "${text}"): write host:port, e.g. 127.0.0.1:9876`);
  return addrs.join(";");
}

export function stringFlag(o: Options, key: string, fallback: string): string {
  const v = o[key];
  if (v === undefined) return fallback;
  if (v === true || String(v).trim() === "") throw new FlagError(`--${kebab(key)} needs a value`);
  return String(v);
}

/** -g: a producer or consumer group name the broker accepts (RocketMQ's Validators.checkGroup). */
export function groupFlag(o: Options, fallback: string): string {
  const group = stringFlag(o, "group", fallback);
  const problem = groupNameProblem(group);
  if (problem !== undefined) throw new FlagError(`-g: ${problem}`);
  return group;
}

/** A whole number within [min, max]; cac hands numbers over already parsed. */
export function intFlag(o: Options, key: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < min || n > max) {
    // A bare flag, or one whose value starts with "-" (cac reads "-5" as an option of its own).
    const got = v === true ? `none (a value starting with "-" is read as an option)` : String(v);
    throw new FlagError(`--${kebab(key)} must be a whole number from ${min} to ${max}, got ${got}`);
  }
  return n;
}

/** A bare flag is true; "-k true" / "-k false" as RocketMQ's benchmark flags are written. */
export function boolFlag(o: Options, key: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined) return fallback;
  if (v === true || v === false) return v;
  const s = String(v).toLowerCase();
  if (s !== "true" && s !== "false") throw new FlagError(`--${kebab(key)} takes true or false, got ${String(v)}`);
  return s === "true";
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Calls `onStop` on the first SIGINT or SIGTERM; the returned function stops listening. */
export function onStopSignal(onStop: (signal: string) => void): () => void {
  const handler = (signal: NodeJS.Signals) => onStop(signal);
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
