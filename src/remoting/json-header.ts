// JSON header (serializeType 0), as fastjson writes RemotingCommand: compact, field names in
// alphabetical order, null fields left out, enums by name:
//
//   {"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":1,
//    "remark":"...","serializeTypeCurrentRPC":"JSON","version":409}
//
// extFields is left out when empty, remark when absent. On reading, extFields values may be
// strings, numbers or booleans (ali-ons sends native types); they are stored as strings, and
// null values are skipped. serializeTypeCurrentRPC is ignored: the meta byte decides.
import type { RemotingCommand } from "./command.ts";
import { SerializeType } from "./command.ts";
import { FrameError } from "./frame-error.ts";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function encodeJsonHeader(cmd: RemotingCommand): Uint8Array {
  let text = `{"code":${cmd.code}`;
  let first = true;
  for (const key in cmd.extFields) {
    const value = cmd.extFields[key];
    if (value === undefined || value === null) continue;
    text += `${first ? ',"extFields":{' : ","}${JSON.stringify(key)}:${JSON.stringify(String(value))}`;
    first = false;
  }
  if (!first) text += "}";
  text += `,"flag":${cmd.flag},"language":${JSON.stringify(cmd.language)},"opaque":${cmd.opaque}`;
  if (cmd.remark !== undefined) text += `,"remark":${JSON.stringify(cmd.remark)}`;
  text += `,"serializeTypeCurrentRPC":"JSON","version":${cmd.version}}`;
  return textEncoder.encode(text);
}

export function decodeJsonHeader(bytes: Uint8Array): Omit<RemotingCommand, "body"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textDecoder.decode(bytes));
  } catch (err) {
    throw new FrameError(`bad JSON header: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new FrameError("JSON header is not an object");
  }
  const h = parsed as Record<string, unknown>;
  const cmd: Omit<RemotingCommand, "body"> = {
    code: int32Field(h, "code", undefined),
    language: typeof h.language === "string" ? h.language : "OTHER",
    version: int32Field(h, "version", 0),
    opaque: int32Field(h, "opaque", 0),
    flag: int32Field(h, "flag", 0),
    extFields: extFieldsOf(h.extFields),
    serializeType: SerializeType.JSON,
  };
  if (typeof h.remark === "string") cmd.remark = h.remark;
  else if (h.remark !== undefined && h.remark !== null) throw new FrameError("JSON header remark is not a string");
  return cmd;
}

function int32Field(h: Record<string, unknown>, name: string, fallback: number | undefined): number {
  const value = h[name];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new FrameError(`JSON header field ${name} is not an int32`);
  }
  return value | 0;
}

function extFieldsOf(value: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (value === undefined || value === null) return fields;
  if (typeof value !== "object" || Array.isArray(value)) throw new FrameError("JSON header extFields is not an object");
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined || key === "__proto__") continue;
    if (typeof v === "string") fields[key] = v;
    else if (typeof v === "number" || typeof v === "boolean") fields[key] = String(v);
    else throw new FrameError(`JSON header extFields.${key} is not a string, number or boolean`);
  }
  return fields;
}
