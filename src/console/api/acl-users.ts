// ACL 2.0 as the ACL page shows it: users (LIST_USER, 3005; passwords never shown, whatever a
// broker sends) and their policies (LIST_ACL, 3010), read from the cluster's first master; a user
// or policy is created, or updated when it exists, and deleted on every master of the cluster.
import { z } from "zod";
import {
  deleteAcl, deleteUser, getAcl, getUser, listAcls, listUsers, putAcl, putUser, type AdminContext,
} from "../../admin/index.ts";
import { AUTH_ACTIONS, type AuthAcl } from "../../common/index.ts";
import { commaList } from "./acl-plain.ts";

export interface UserView {
  username: string;
  userType: string;
  userStatus: string;
}

export interface UsersAclView {
  acl: "2.0";
  cluster: string;
  users: UserView[];
  acls: AuthAcl[];
}

export async function loadUsersAcl(admin: AdminContext, cluster: string): Promise<UsersAclView> {
  const [perBroker, acls] = await Promise.all([listUsers(admin, undefined, { cluster }), listAcls(admin, {}, { cluster })]);
  const users = new Map<string, UserView>();
  for (const { users: list } of perBroker) {
    for (const u of list) users.set(u.username, { username: u.username, userType: u.userType ?? "Normal", userStatus: u.userStatus ?? "enable" });
  }
  const seen = new Set<string>();
  const distinct = acls.filter((a) => (seen.has(a.subject) ? false : (seen.add(a.subject), true)));
  return { acl: "2.0", cluster, users: [...users.values()].sort((a, b) => a.username.localeCompare(b.username)), acls: distinct };
}

export const UserBody = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9_.@-]{1,64}$/, "letters, digits, _ . @ and - only, at most 64"),
  password: z.string().min(1, "a user needs a password").max(1024),
  userType: z.enum(["Super", "Normal"]).default("Normal"),
  userStatus: z.enum(["enable", "disable"]).default("enable"),
  cluster: z.string().optional(),
});

/** Creates the user, or updates it when the cluster has it; resolves to the brokers changed. */
export async function saveUser(admin: AdminContext, body: z.infer<typeof UserBody>, cluster: string): Promise<{ created: boolean; brokers: string[] }> {
  const { cluster: _, ...user } = body;
  const created = (await getUser(admin, user.username, { cluster }).catch(() => undefined)) === undefined;
  return { created, brokers: await putUser(admin, user, { cluster }, created) };
}

const ACTION = z.enum(AUTH_ACTIONS);

export const PolicyBody = z.object({
  subject: z.string().trim().regex(/^User:[a-zA-Z0-9_.@-]{1,64}$/, "User:name"),
  resources: commaList.pipe(z.array(z.string().regex(/^(Cluster|Topic|Group):[%|a-zA-Z0-9_*-]*$|^\*$/, "Topic:name, Group:name, Cluster:name (a name may end in *)")).min(1)),
  actions: commaList.pipe(z.array(ACTION).min(1, "at least one action")),
  sourceIps: commaList.optional(),
  decision: z.enum(["Allow", "Deny"]).default("Allow"),
  cluster: z.string().optional(),
});

export async function savePolicy(admin: AdminContext, body: z.infer<typeof PolicyBody>, cluster: string): Promise<{ created: boolean; brokers: string[] }> {
  const { cluster: _, ...spec } = body;
  const created = (await getAcl(admin, spec.subject, { cluster }).catch(() => undefined)) === undefined;
  return { created, brokers: await putAcl(admin, spec, { cluster }, created) };
}

export const removeUser = (admin: AdminContext, username: string, cluster: string) => deleteUser(admin, username, { cluster });
export const removePolicy = (admin: AdminContext, subject: string, resource: string | undefined, cluster: string) =>
  deleteAcl(admin, subject, resource, { cluster });
