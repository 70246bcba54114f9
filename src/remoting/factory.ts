// Building commands. request() stamps a fresh opaque from this process's counter; reply() leaves
// opaque and serializeType for the server (or Connection) to copy from the request it answers.
import type { RemotingCommand } from "./command.ts";
import { FLAG_RESPONSE, SerializeType } from "./command.ts";
import { REMOTING_VERSION } from "../common/index.ts";

export type ExtFieldsInit = Record<string, string | number | boolean | undefined>;

let opaqueCounter = 0;

/** The next request id, an int32 that wraps around. */
export function nextOpaque(): number {
  opaqueCounter = (opaqueCounter + 1) | 0;
  return opaqueCounter;
}

/** Custom header fields as strings; undefined values are left out. */
export function toExtFields(init: ExtFieldsInit | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  if (init === undefined) return fields;
  for (const key in init) {
    const value = init[key];
    if (value !== undefined && value !== null) fields[key] = String(value);
  }
  return fields;
}

/** A new request: fresh opaque, JSON header, language JAVA, version 409. */
export function request(code: number, extFields?: ExtFieldsInit, body?: Uint8Array): RemotingCommand {
  const cmd: RemotingCommand = {
    code,
    language: "JAVA",
    version: REMOTING_VERSION,
    opaque: nextOpaque(),
    flag: 0,
    extFields: toExtFields(extFields),
    serializeType: SerializeType.JSON,
  };
  if (body !== undefined) cmd.body = body;
  return cmd;
}

/** A response; whoever sends it sets opaque and serializeType from the request. */
export function reply(
  code: number,
  init?: { extFields?: ExtFieldsInit; body?: Uint8Array; remark?: string },
): RemotingCommand {
  const cmd: RemotingCommand = {
    code,
    language: "JAVA",
    version: REMOTING_VERSION,
    opaque: 0,
    flag: FLAG_RESPONSE,
    extFields: toExtFields(init?.extFields),
    serializeType: SerializeType.JSON,
  };
  if (init?.body !== undefined) cmd.body = init.body;
  if (init?.remark !== undefined) cmd.remark = init.remark;
  return cmd;
}
