// What every `mq admin` subcommand is, and how it reads mqadmin-style flags (cac hands them over
// as strings, numbers or true for a bare flag).
import type { AdminContext } from "../admin/index.ts";
import type { Io, Options } from "./command.ts";

export class UsageError extends Error {}

export interface Subcommand {
  readonly name: string;
  readonly description: string;
  /** mqadmin's flags, for `mq admin help` */
  readonly usage: string;
  /** false: runs without a name server (the controller subcommands ask the controller, -a). */
  readonly needsNamesrv?: boolean;
  run(ctx: AdminContext, o: Options, io: Io): Promise<void>;
}

export const str = (o: Options, k: string): string | undefined => (o[k] === undefined || o[k] === true ? undefined : String(o[k]).trim());
export function need(o: Options, k: string, what: string): string {
  const v = str(o, k);
  if (v === undefined || v === "") throw new UsageError(`-${k} ${what} is required`);
  return v;
}
export function int(o: Options, k: string, fallback: number): number {
  const v = str(o, k);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`-${k} must be an integer, got ${v}`);
  return n;
}
/** mqadmin booleans are "-o true"; a bare flag counts as true. */
export const bool = (o: Options, k: string, fallback: boolean): boolean =>
  o[k] === undefined ? fallback : o[k] === true || String(o[k]).toLowerCase() === "true";
