// Readers for parsed JSON bodies: check the shape once, at the edge, and produce typed values.
// Java, Go and ali-ons differ in small ways (numbers written as strings, missing or null sets),
// so the readers are lenient where a real client is known to be, and strict about the rest.
import { BrokerError, ResponseCode } from "../response-code.ts";

export type Fields = Record<string, unknown>;

export function malformed(what: string): BrokerError {
  return new BrokerError(ResponseCode.SYSTEM_ERROR, `malformed body: ${what}`);
}

export function asFields(v: unknown, what: string): Fields {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw malformed(`${what} is not an object`);
  return v as Fields;
}

/** An object-valued field; null or missing becomes {}. */
export function fieldsOf(o: Fields, key: string): Fields {
  const v = o[key];
  return v === undefined || v === null ? {} : asFields(v, key);
}

export function str(o: Fields, key: string): string {
  const v = o[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw malformed(`${key} is not a string`);
}

export function optStr(o: Fields, key: string): string | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : str(o, key);
}

/** A number; numeric strings are accepted (Go writes some numbers as strings). */
export function num(o: Fields, key: string, fallback?: number): number {
  const v = o[key];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw malformed(`${key} is not a number`);
  return n;
}

export function bool(o: Fields, key: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw malformed(`${key} is not a boolean`);
}

/** An array field; null or missing becomes []. */
export function list(o: Fields, key: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw malformed(`${key} is not an array`);
  return v;
}

/** A map of string values, e.g. brokerAddrs or a KVTable. */
export function stringMap(o: Fields, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const m = fieldsOf(o, key);
  for (const k of Object.keys(m)) out[k] = str(m, k);
  return out;
}
