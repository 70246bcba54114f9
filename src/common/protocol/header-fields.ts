// Reading request header extFields (always strings once decoded). A missing required field is
// what Java reports for a @CFNotNull field: SYSTEM_ERROR "the custom field <x> is null".
import { BrokerError, ResponseCode } from "../response-code.ts";

export type ExtFields = Record<string, string>;
/** extFields as a request is built; the remoting layer turns every value into a string. */
export type ExtFieldsInit = Record<string, string | number | boolean | undefined>;

export function need(ext: ExtFields, key: string): string {
  const v = ext[key];
  if (v === undefined || v === "") throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the custom field <${key}> is null`);
  return v;
}

/** A required field that may be empty (Java's @CFNotNull refuses only a missing one). */
export function needPresent(ext: ExtFields, key: string): string {
  const v = ext[key];
  if (v === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the custom field <${key}> is null`);
  return v;
}

export function needInt(ext: ExtFields, key: string): number {
  const n = Number(need(ext, key));
  if (!Number.isInteger(n)) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the custom field <${key}> is not an integer`);
  return n;
}

export function optInt(ext: ExtFields, key: string, fallback: number): number {
  const v = ext[key];
  if (v === undefined || v === "") return fallback;
  return needInt(ext, key);
}

export const optBool = (ext: ExtFields, key: string, fallback: boolean): boolean =>
  ext[key] === undefined ? fallback : ext[key] === "true";
