// DataVersion: {"counter":N,"timestamp":ms} (5.x adds "stateVersion"). A broker bumps it whenever
// its topic table changes; the NameServer re-reads a master's topics only when it differs.
import { parseBody, utf8 } from "./fastjson.ts";
import { asFields, num, type Fields } from "./shape.ts";

export interface DataVersion {
  timestamp: number;
  counter: number;
  stateVersion?: number;
}

export const sameDataVersion = (a: DataVersion, b: DataVersion): boolean =>
  a.timestamp === b.timestamp && a.counter === b.counter && (a.stateVersion ?? 0) === (b.stateVersion ?? 0);

/** The version after one more change, stamped with nowMs. */
export const nextDataVersion = (v: DataVersion, nowMs: number): DataVersion => ({
  ...v,
  timestamp: nowMs,
  counter: v.counter + 1,
});

export function readDataVersion(o: Fields): DataVersion {
  const v: DataVersion = { timestamp: num(o, "timestamp", 0), counter: num(o, "counter", 0) };
  if (o.stateVersion !== undefined && o.stateVersion !== null) v.stateVersion = num(o, "stateVersion");
  return v;
}

export function encodeDataVersion(v: DataVersion): Uint8Array {
  return utf8(JSON.stringify({ counter: v.counter, stateVersion: v.stateVersion, timestamp: v.timestamp }));
}

export function decodeDataVersion(bytes: Uint8Array | undefined): DataVersion {
  return readDataVersion(asFields(parseBody(bytes), "DataVersion"));
}
