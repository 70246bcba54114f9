// ACL 2.0 admin operations (mqadmin createUser … listAcl, RocketMQ 5): one AUTH_* request per
// target broker. Bodies are RocketMQ's UserInfo and AclInfo (src/common/protocol/auth-bodies.ts).
import {
  encodeAuthAclHeader, encodeAuthUserHeader, encodeDeleteAclHeader, encodeListAclsHeader, encodeListUsersHeader, jsonBody, ResponseCode,
  type AuthAcl, type AuthUser,
} from "../common/index.ts";
import type { RemotingCommand } from "../remoting/index.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

const CODES = {
  CREATE_USER: 3001, UPDATE_USER: 3002, DELETE_USER: 3003, GET_USER: 3004, LIST_USER: 3005,
  CREATE_ACL: 3006, UPDATE_ACL: 3007, DELETE_ACL: 3008, GET_ACL: 3009, LIST_ACL: 3010,
} as const;

export interface AclEntriesSpec {
  subject: string;
  resources: string[];
  actions: string[];
  sourceIps?: string[];
  decision?: string;
}

const bodyOf = <T>(res: RemotingCommand): T | undefined =>
  res.body === undefined || res.body.length === 0 ? undefined : (JSON.parse(new TextDecoder().decode(res.body)) as T);

/** Resolves to the brokers changed. */
export function putUser(ctx: AdminContext, user: AuthUser, target: BrokerTarget, create: boolean): Promise<string[]> {
  const code = create ? CODES.CREATE_USER : CODES.UPDATE_USER;
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, code, encodeAuthUserHeader(user.username), jsonBody(user)), addr));
}

export function deleteUser(ctx: AdminContext, username: string, target: BrokerTarget): Promise<string[]> {
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, CODES.DELETE_USER, encodeAuthUserHeader(username)), addr));
}

/** The user from the first target that knows it. */
export async function getUser(ctx: AdminContext, username: string, target: BrokerTarget): Promise<AuthUser | undefined> {
  const found = await eachTarget(ctx, target, async (addr) => bodyOf<AuthUser>(await invokeOk(ctx, addr, CODES.GET_USER, encodeAuthUserHeader(username))));
  return found.find((u) => u !== undefined);
}

export async function listUsers(ctx: AdminContext, filter: string | undefined, target: BrokerTarget): Promise<Array<{ addr: string; users: AuthUser[] }>> {
  return eachTarget(ctx, target, async (addr) => ({ addr, users: bodyOf<AuthUser[]>(await invokeOk(ctx, addr, CODES.LIST_USER, encodeListUsersHeader(filter))) ?? [] }));
}

/** AclInfo.of: one Custom policy, one entry per resource with the same actions, IPs and decision. */
export function aclInfoOf(spec: AclEntriesSpec): AuthAcl {
  return {
    subject: spec.subject,
    policies: [{
      policyType: "Custom",
      entries: spec.resources.map((resource) => ({
        resource, actions: spec.actions as AuthAcl["policies"][number]["entries"][number]["actions"],
        sourceIps: spec.sourceIps ?? [], decision: (spec.decision ?? "Allow") as "Allow" | "Deny",
      })),
    }],
  };
}

export const putAcl = (ctx: AdminContext, spec: AclEntriesSpec, target: BrokerTarget, create: boolean): Promise<string[]> =>
  putAclInfo(ctx, aclInfoOf(spec), target, create);

/** CREATE_ACL or UPDATE_ACL with a whole AclInfo (every policy of it). */
function putAclInfo(ctx: AdminContext, acl: AuthAcl, target: BrokerTarget, create: boolean): Promise<string[]> {
  const code = create ? CODES.CREATE_ACL : CODES.UPDATE_ACL;
  const body = jsonBody(acl);
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, code, encodeAuthAclHeader(acl.subject), body), addr));
}

export function deleteAcl(ctx: AdminContext, subject: string, resource: string | undefined, target: BrokerTarget): Promise<string[]> {
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, CODES.DELETE_ACL, encodeDeleteAclHeader({ subject, policyType: undefined, resource })), addr));
}

export async function getAcl(ctx: AdminContext, subject: string, target: BrokerTarget): Promise<AuthAcl | undefined> {
  const found = await eachTarget(ctx, target, async (addr) => bodyOf<AuthAcl>(await invokeOk(ctx, addr, CODES.GET_ACL, encodeAuthAclHeader(subject))));
  return found.find((a) => a !== undefined);
}

export async function listAcls(
  ctx: AdminContext, filters: { subject?: string; resource?: string }, target: BrokerTarget,
): Promise<AuthAcl[]> {
  const ext = encodeListAclsHeader({ subjectFilter: filters.subject, resourceFilter: filters.resource });
  const perBroker = await eachTarget(ctx, target, async (addr) => bodyOf<AuthAcl[]>(await invokeOk(ctx, addr, CODES.LIST_ACL, ext)) ?? []);
  return perBroker.flat();
}

const defined = <T>(v: T | undefined): v is T => v !== undefined;

/**
 * copyUser (CopyUsersSubCommand): the users named (or every user) of broker `from`, each created on
 * broker `to`, or updated there when it has the user; onCopied is called after each. A user that
 * came without a password (mq's brokers send passwords only to a request signed by a Super user)
 * cannot be created, and stops the copy saying so.
 */
export async function copyUsers(
  ctx: AdminContext, from: string, to: string, usernames: readonly string[], onCopied: (username: string) => void,
): Promise<number> {
  const source = { brokerAddr: from };
  const users = usernames.length > 0
    ? (await Promise.all(usernames.map((u) => getUser(ctx, u, source)))).filter(defined)
    : (await listUsers(ctx, undefined, source)).flatMap((b) => b.users);
  for (const user of users) {
    const exists = (await getUser(ctx, user.username, { brokerAddr: to })) !== undefined;
    if (!exists && user.password === undefined) {
      throw new AdminError(ResponseCode.SYSTEM_ERROR, `${from} sent no password for user ${user.username}, so it cannot be created on ${to}; ` +
        "an mq broker sends passwords only to a request signed by a Super user: pass that user's --access-key and --secret-key", "");
    }
    await putUser(ctx, user, { brokerAddr: to }, !exists);
    onCopied(user.username);
  }
  return users.length;
}

/** copyAcl (CopyAclsSubCommand): the ACLs of the subjects named (or every ACL) of broker `from`,
 *  each created on broker `to`, or updated there when it has one for the subject. */
export async function copyAcls(
  ctx: AdminContext, from: string, to: string, subjects: readonly string[], onCopied: (subject: string) => void,
): Promise<number> {
  const source = { brokerAddr: from };
  const acls = subjects.length > 0
    ? (await Promise.all(subjects.map((s) => getAcl(ctx, s, source)))).filter(defined)
    : await listAcls(ctx, {}, source);
  for (const acl of acls) {
    const exists = (await getAcl(ctx, acl.subject, { brokerAddr: to })) !== undefined;
    await putAclInfo(ctx, acl, { brokerAddr: to }, !exists);
    onCopied(acl.subject);
  }
  return acls.length;
}
