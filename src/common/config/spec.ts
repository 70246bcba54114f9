// How one configuration key is declared: type, default, unit, bounds, description. Every key mq
// reads is declared once with these builders (keys-*.ts); the loader, the validator, `-p` and
// the did-you-mean all read the same declarations.
import { z } from "zod";

/** A role whose file mq reads: brokers, name servers, and the controller (RocketMQ 5's failover
 *  service, `mq controller`). */
export type Role = "broker" | "namesrv" | "controller";
/** The roles mq runs, and the ones `mq config check` checks when not told which. */
export const ROLES: readonly Role[] = ["broker", "namesrv"];
/** Every role `mq config check --role` accepts. */
export const CHECKED_ROLES: readonly Role[] = [...ROLES, "controller"];

export type KeyType = "string" | "int" | "long" | "double" | "bool" | "enum";
export type ConfigValue = string | number | boolean;

/** A default computed from the other values once they are known (e.g. haListenPort = listenPort + 1). */
export type Derive<T> = (resolved: Readonly<Record<string, ConfigValue>>) => T;

export interface KeySpec<T extends ConfigValue = ConfigValue> {
  readonly type: KeyType;
  readonly default: T | Derive<T>;
  /** How the default reads in documentation and `-p`, when it is computed. */
  readonly defaultText?: string;
  readonly unit?: string;
  /** The least value; for a string, its least length (1: an empty value is refused). */
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly description: string;
  /** Accepted so an existing RocketMQ file loads, but mq does nothing with it. */
  readonly ignored?: boolean;
  /** Environment variable that sets this key (between the file and the command line). */
  readonly env?: string;
  /** Holds a password or secret key: `-p` and GET_BROKER_CONFIG never show its value. */
  readonly secret?: boolean;
}

export interface KeyOptions {
  unit?: string;
  min?: number;
  max?: number;
  defaultText?: string;
  ignored?: boolean;
  env?: string;
  secret?: boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export function int(def: number | Derive<number>, description: string, o: KeyOptions = {}): KeySpec<number> {
  return { type: "int", default: def, description, ...o };
}

/** Java long; mq keeps it in a double, so it is bounded by Number.MAX_SAFE_INTEGER. */
export function long(def: number | Derive<number>, description: string, o: KeyOptions = {}): KeySpec<number> {
  return { type: "long", default: def, description, ...o };
}

export function double(def: number, description: string, o: KeyOptions = {}): KeySpec<number> {
  return { type: "double", default: def, description, ...o };
}

export function bool(def: boolean, description: string, o: KeyOptions = {}): KeySpec<boolean> {
  return { type: "bool", default: def, description, ...o };
}

export function str(def: string | Derive<string>, description: string, o: KeyOptions = {}): KeySpec<string> {
  return { type: "string", default: def, description, ...o };
}

export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V, def: V[number], description: string, o: KeyOptions = {},
): KeySpec<V[number]> {
  return { type: "enum", default: def, values, description, ...o };
}

/** The value type a declaration produces, for deriving BrokerConfig and NamesrvConfig. */
export type ValueOf<S> = S extends KeySpec<infer T> ? T : never;
export type ConfigOf<G> = { readonly [K in keyof G]: ValueOf<G[K]> };

function integerSchema(min: number, max: number) {
  return z.string().regex(/^[+-]?\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
}

function schemaFor(spec: KeySpec) {
  switch (spec.type) {
    case "int": return integerSchema(spec.min ?? INT_MIN, spec.max ?? INT_MAX);
    case "long": return integerSchema(spec.min ?? Number.MIN_SAFE_INTEGER, spec.max ?? Number.MAX_SAFE_INTEGER);
    case "double":
      return z.string().regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/).transform(Number)
        .pipe(z.number().min(spec.min ?? -Infinity).max(spec.max ?? Infinity));
    case "bool": return z.string().transform((s) => s.toLowerCase()).pipe(z.enum(["true", "false"]))
      .transform((s) => s === "true");
    case "enum": return z.enum(spec.values as [string, ...string[]]);
    case "string": return z.string().min(spec.min ?? 0);
  }
}

/** What a valid value looks like, for error messages: "an integer from 1 to 65535". */
export function describeExpected(spec: KeySpec): string {
  const unit = spec.unit ? ` (${spec.unit})` : "";
  const range = (lo: number | undefined, hi: number | undefined): string =>
    lo !== undefined && hi !== undefined ? ` from ${lo} to ${hi}` :
    lo !== undefined ? ` of at least ${lo}` : hi !== undefined ? ` of at most ${hi}` : "";
  switch (spec.type) {
    case "int": return `an integer${range(spec.min, spec.max)}${unit}`;
    case "long": return `a whole number${range(spec.min, spec.max)}${unit}`;
    case "double": return `a number${range(spec.min, spec.max)}${unit}`;
    case "bool": return "true or false";
    case "enum": return `one of ${(spec.values ?? []).join(", ")}`;
    case "string": return spec.min ? "a non-empty value (leave the key out for its default)" : "a string";
  }
}

export type ParsedValue = { ok: true; value: ConfigValue } | { ok: false; expected: string };

/** Parse the text of a value (as written in a file, the environment or a flag). */
export function parseValue(spec: KeySpec, text: string): ParsedValue {
  const result = schemaFor(spec).safeParse(text);
  return result.success ? { ok: true, value: result.data } : { ok: false, expected: describeExpected(spec) };
}
