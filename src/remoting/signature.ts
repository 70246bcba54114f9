// Request signing as RocketMQ's ACL speaks it on the remoting wire (Java AclClientRPCHook,
// AclUtils.combineRequestContent; Go's primitive.Credentials and ali-ons sign the same way).
//
//   content   = UTF-8(values of extFields sorted by key, Signature left out) ++ body
//   Signature = base64(HMAC-SHA1(secretKey, content))
//
// The client adds AccessKey (and SecurityToken, when it has one) to extFields before signing, so
// both are part of the content; keys sort by UTF-16 code units, as Java's TreeMap does. A server
// also leaves out _UNIQUE_KEY_QUERY for senders at or below V4_9_3 (RocketMQ 5's rule: older
// clients added it after signing).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { RemotingCommand } from "./command.ts";

export const ACCESS_KEY = "AccessKey";
export const SIGNATURE = "Signature";
export const SECURITY_TOKEN = "SecurityToken";
const UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
/** MQVersion ordinal of V4_9_3. */
const V4_9_3 = 404;

export interface Credentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

const encoder = new TextEncoder();

/** The bytes a signature covers: sorted extension values (no Signature) and the body. */
export function signedContent(extFields: Readonly<Record<string, string>>, body: Uint8Array | undefined,
  skip: (key: string) => boolean = () => false): Uint8Array {
  const keys = Object.keys(extFields).filter((k) => k !== SIGNATURE && !skip(k)).sort();
  let text = "";
  for (const key of keys) text += extFields[key];
  const head = encoder.encode(text);
  if (body === undefined || body.length === 0) return head;
  const content = new Uint8Array(head.length + body.length);
  content.set(head, 0);
  content.set(body, head.length);
  return content;
}

/** base64(HMAC-SHA1(secretKey, content)). */
export function hmacSignature(content: Uint8Array, secretKey: string): string {
  return createHmac("sha1", secretKey).update(content).digest("base64");
}

/** Adds AccessKey, SecurityToken (when given) and Signature to a request about to be sent. */
export function signRequest(cmd: RemotingCommand, credentials: Credentials): RemotingCommand {
  cmd.extFields[ACCESS_KEY] = credentials.accessKey;
  if (credentials.securityToken !== undefined) cmd.extFields[SECURITY_TOKEN] = credentials.securityToken;
  delete cmd.extFields[SIGNATURE];
  cmd.extFields[SIGNATURE] = hmacSignature(signedContent(cmd.extFields, cmd.body), credentials.secretKey);
  return cmd;
}

/** Whether a received request carries a valid signature for secretKey. The comparison takes the
 *  same time wherever the two signatures differ. */
export function hasValidSignature(cmd: RemotingCommand, secretKey: string): boolean {
  const given = cmd.extFields[SIGNATURE];
  if (given === undefined) return false;
  const skip = (key: string) => key === UNIQUE_KEY_QUERY && cmd.version <= V4_9_3;
  const expected = Buffer.from(hmacSignature(signedContent(cmd.extFields, cmd.body, skip), secretKey));
  const actual = Buffer.from(given);
  // timingSafeEqual needs equal lengths; a wrong length is compared against itself so the
  // time taken does not depend on where a signature of the right length differs.
  if (actual.length !== expected.length) return timingSafeEqual(expected, expected) && false;
  return timingSafeEqual(actual, expected);
}
