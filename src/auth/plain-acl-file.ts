// Reading plain_acl.yml as RocketMQ 4.x does (PlainPermissionManager, PlainAccessConfig):
//
//   globalWhiteRemoteAddresses: [ "10.10.103.*", ... ]       callers that need no signature
//   accounts:
//     - accessKey: RocketMQ          more than 6 characters
//       secretKey: 12345678          more than 6 characters (a number in YAML is read as text)
//       whiteRemoteAddress: 192.168.0.*   optional; a match skips the signature check
//       admin: false
//       defaultTopicPerm: DENY       PUB | SUB | PUB|SUB | DENY; absent = DENY
//       defaultGroupPerm: SUB
//       topicPerms: [ "topicA=DENY", "topicB=PUB|SUB" ]
//       groupPerms: [ "groupA=DENY", "groupB=PUB|SUB" ]
//
// A mistake is reported with its key and line; the secret is never part of a message.
import { addressMatcher, type AddressMatcher } from "./remote-address.ts";
import { isPermText, parsePerm, retryTopic } from "./permission.ts";
import type { PlainAccount, PlainAclRules } from "./plain-acl-rules.ts";

const MIN_KEY_CHARS = 7;

export class AclFileError extends Error {
  override name = "AclFileError";
}

type Yaml = Record<string, unknown>;

export function parsePlainAcl(text: string, file = "plain_acl.yml"): PlainAclRules {
  const fail = (key: string, what: string, near?: string, after?: string): never => {
    const line = lineOf(text, near ?? key, after);
    throw new AclFileError(`${file}${line > 0 ? `:${line}` : ""}: ${key} ${what}`);
  };
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(text);
  } catch (e) {
    const line = firstBadLine(text);
    throw new AclFileError(`${file}${line > 0 ? `:${line}` : ""}: not valid YAML (${(e as Error).message})`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== "object" || Array.isArray(doc)) return fail("the file", "must be a map of globalWhiteRemoteAddresses and accounts");
  const root = doc as Yaml;
  const globals = stringList(root.globalWhiteRemoteAddresses, "globalWhiteRemoteAddresses", fail);
  const globalWhiteRemoteAddresses = globals.map((p) => matcher(p, "globalWhiteRemoteAddresses", fail));
  const accounts = new Map<string, PlainAccount>();
  const list = root.accounts ?? [];
  if (!Array.isArray(list)) return fail("accounts", "must be a list");
  list.forEach((raw: unknown, i: number) => {
    const account = readAccount(raw, `accounts[${i}]`, fail);
    if (accounts.has(account.accessKey)) fail(`accounts[${i}].accessKey`, `repeats ${account.accessKey}`, account.accessKey);
    accounts.set(account.accessKey, account);
  });
  return { globalWhiteRemoteAddresses, accounts };
}

/** near: text on the line at fault; after: text on an earlier line (the account's accessKey). */
type Fail = (key: string, what: string, near?: string, after?: string) => never;

function readAccount(raw: unknown, at: string, failAnywhere: Fail): PlainAccount {
  let owner: string | undefined;
  const fail: Fail = (key, what, near) => failAnywhere(key, what, near, owner);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail(at, "must be a map with accessKey and secretKey");
  const a = raw as Yaml;
  const accessKey = scalar(a.accessKey);
  if (accessKey === undefined || accessKey.length < MIN_KEY_CHARS) {
    return fail(`${at}.accessKey`, `must be at least ${MIN_KEY_CHARS} characters`, accessKey ?? "accessKey");
  }
  owner = `accessKey: ${accessKey}`;
  const secretKey = scalar(a.secretKey);
  if (secretKey === undefined || secretKey.length < MIN_KEY_CHARS) {
    return fail(`${at}.secretKey`, `(account ${accessKey}) must be at least ${MIN_KEY_CHARS} characters`, "secretKey");
  }
  const here = `${at}(${accessKey})`;
  if (a.admin !== undefined && a.admin !== null && typeof a.admin !== "boolean") fail(`${here}.admin`, "must be true or false", "admin");
  for (const key of ["defaultTopicPerm", "defaultGroupPerm"] as const) {
    const v = scalar(a[key]);
    if (v !== undefined && !isPermText(v)) fail(`${here}.${key}`, "must be PUB, SUB, PUB|SUB or DENY", key);
  }
  const resources = new Map<string, number>();
  for (const [key, isTopic] of [["groupPerms", false], ["topicPerms", true]] as const) {
    for (const item of stringList(a[key], `${here}.${key}`, fail)) {
      const parts = item.split("=").filter((s) => s.length > 0);
      if (parts.length !== 2 || !isPermText(parts[1]!)) {
        fail(`${here}.${key}`, `has "${item}"; write name=PUB, SUB, PUB|SUB or DENY (e.g. topicA=SUB)`, item);
      }
      const name = parts[0]!.trim();
      resources.set(isTopic ? name : retryTopic(name), parsePerm(parts[1]));
    }
  }
  return {
    accessKey, secretKey,
    whiteRemoteAddress: matcher(scalar(a.whiteRemoteAddress) ?? "", `${here}.whiteRemoteAddress`, fail),
    admin: a.admin === true,
    defaultTopicPerm: parsePerm(scalar(a.defaultTopicPerm)),
    defaultGroupPerm: parsePerm(scalar(a.defaultGroupPerm)),
    resources,
  };
}

function matcher(pattern: string, at: string, fail: Fail): AddressMatcher {
  return addressMatcher(pattern) ?? fail(at, `has "${pattern}", not an address pattern (e.g. 192.168.1.*, 10.0.0.1-100 or *)`, pattern);
}

/** A YAML scalar as the text Java's snakeyaml would bind to a String field. */
function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function stringList(v: unknown, at: string, fail: Fail): string[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return fail(at, "must be a list");
  return v.map((item) => scalar(item) ?? fail(at, "must hold text items"));
}

/** The 1-based number of the first line holding needle (after the first holding after), or 0. */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split("\n");
  const from = after === undefined ? 0 : Math.max(0, lines.findIndex((l) => l.includes(after)));
  const index = lines.findIndex((l, i) => i >= from && l.includes(needle));
  return index + 1;
}

/** The first line at which the file stops parsing as YAML (a good guess at the mistake), or 0. */
function firstBadLine(text: string): number {
  const lines = text.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    try {
      Bun.YAML.parse(lines.slice(0, n).join("\n"));
    } catch {
      return n;
    }
  }
  return 0;
}
