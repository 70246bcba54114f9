// ACL 2.0 bodies of the AUTH_* admin codes (3001-3010), as RocketMQ 5's UserInfo and AclInfo:
//   UserInfo  {"username":"alice","password":"…","userType":"Super"|"Normal","userStatus":"enable"|"disable"}
//   AclInfo   {"subject":"User:alice","policies":[PolicyInfo]}
//   PolicyInfo {"policyType":"Custom"|"Default","entries":[PolicyEntryInfo]}
//   PolicyEntryInfo {"resource":"Topic:T" | "Topic:T*" | "Group:*" | "Cluster:C" | "*",
//                    "actions":["Pub","Sub","Create","Update","Delete","Get","List","All"],
//                    "sourceIps":["10.0.0.0/8","192.168.1.7"],"decision":"Allow"|"Deny"}
// Names are matched case-insensitively on the way in and stored in RocketMQ's spelling.
import { asFields, list, malformed, optStr, type Fields } from "./shape.ts";
import { parseBody } from "./fastjson.ts";

export interface AuthUser {
  username: string;
  /** Never logged, printed or sent back (mq answers GET_USER and LIST_USER without it). */
  password?: string;
  userType?: "Super" | "Normal";
  userStatus?: "enable" | "disable";
}

export const AUTH_ACTIONS = ["All", "Any", "Pub", "Sub", "Create", "Update", "Delete", "Get", "List"] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

export interface AuthPolicyEntry {
  resource: string;
  actions: AuthAction[];
  sourceIps: string[];
  decision: "Allow" | "Deny";
}

export interface AuthPolicy {
  policyType: "Custom" | "Default";
  entries: AuthPolicyEntry[];
}

export interface AuthAcl {
  subject: string;
  policies: AuthPolicy[];
}

/** The canonical spelling of name among names (case-insensitive), or undefined. */
export function canonicalName<T extends string>(names: readonly T[], name: string | undefined): T | undefined {
  return name === undefined ? undefined : names.find((n) => n.toLowerCase() === name.trim().toLowerCase());
}

function named<T extends string>(names: readonly T[], o: Fields, key: string): T | undefined {
  const v = optStr(o, key);
  if (v === undefined || v === "") return undefined;
  return canonicalName(names, v) ?? (() => { throw malformed(`${key} ${v} is not one of ${names.join(", ")}`); })();
}

export function decodeUserInfo(body: Uint8Array | undefined): AuthUser {
  const o = asFields(body === undefined || body.length === 0 ? {} : parseBody(body), "UserInfo");
  const user: AuthUser = { username: optStr(o, "username") ?? "" };
  const password = optStr(o, "password");
  if (password !== undefined && password !== "") user.password = password;
  const userType = named(["Super", "Normal"] as const, o, "userType");
  if (userType !== undefined) user.userType = userType;
  const userStatus = named(["enable", "disable"] as const, o, "userStatus");
  if (userStatus !== undefined) user.userStatus = userStatus;
  return user;
}

function decodeEntry(raw: unknown): AuthPolicyEntry {
  const o = asFields(raw, "PolicyEntryInfo");
  const actions = list(o, "actions").map((a) => canonicalName(AUTH_ACTIONS, String(a)) ?? (() => {
    throw malformed(`action ${String(a)} is not one of ${AUTH_ACTIONS.join(", ")}`);
  })());
  return {
    resource: optStr(o, "resource") ?? "",
    actions,
    sourceIps: list(o, "sourceIps").map(String),
    decision: named(["Allow", "Deny"] as const, o, "decision") ?? "Allow",
  };
}

export function decodeAclInfo(body: Uint8Array | undefined): AuthAcl {
  const o = asFields(body === undefined || body.length === 0 ? {} : parseBody(body), "AclInfo");
  return {
    subject: optStr(o, "subject") ?? "",
    policies: list(o, "policies").map((raw) => {
      const p = asFields(raw, "PolicyInfo");
      return { policyType: named(["Custom", "Default"] as const, p, "policyType") ?? "Custom", entries: list(p, "entries").map(decodeEntry) };
    }),
  };
}

/** UserInfo as sent back: no password. */
export const userInfoJson = (u: AuthUser): Fields => ({ username: u.username, userType: u.userType, userStatus: u.userStatus });
