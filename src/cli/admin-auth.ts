// mqadmin's ACL 2.0 subcommands (rocketmq-tools 5.x): createUser, updateUser, deleteUser,
// getUser, listUser, createAcl, updateAcl, deleteAcl, getAcl, listAcl, copyUser, copyAcl, with its
// flags and lines. The password column of getUser/listUser stays empty: mq admin never prints a
// password (an mq broker sends one only to a request signed by a Super user, for copyUser).
import * as admin from "../admin/index.ts";
import type { AuthAcl, AuthUser } from "../common/index.ts";
import type { Io, Options } from "./command.ts";
import { brokerTarget, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { printf } from "./printf.ts";

const target = brokerTarget;
const list = (o: Options, k: string): string[] | undefined => str(o, k)?.split(",").map((s) => s.trim()).filter((s) => s !== "");
const TARGET = "(-b <brokerAddr> | -c <clusterName>)";
const USER_FORMAT = "%-16s  %-22s  %-22s  %-22s%n";
const ACL_FORMAT = "%-16s  %-10s  %-22s  %-20s  %-24s  %-10s%n";

function printUsers(io: Io, users: AuthUser[]): void {
  io.out(printf(USER_FORMAT, "#UserName", "#Password", "#UserType", "#UserStatus"));
  for (const u of users) io.out(printf(USER_FORMAT, u.username, "", u.userType ?? "", u.userStatus ?? ""));
}

function printAcls(io: Io, acls: AuthAcl[]): void {
  io.out(printf(ACL_FORMAT, "#Subject", "#PolicyType", "#Resource", "#Actions", "#SourceIp", "#Decision"));
  for (const acl of acls) {
    if (acl.policies.length === 0) io.out(printf(ACL_FORMAT, acl.subject, "", "", "", "", ""));
    for (const p of acl.policies) {
      for (const e of p.entries) {
        io.out(printf(ACL_FORMAT, acl.subject, p.policyType, e.resource, `[${e.actions.join(", ")}]`, `[${e.sourceIps.join(", ")}]`, e.decision));
      }
    }
  }
}

function userOf(o: Options, create: boolean): AuthUser {
  const user: AuthUser = { username: need(o, "u", "username") };
  const password = create ? need(o, "p", "password") : str(o, "p");
  if (password !== undefined) user.password = password;
  const type = str(o, "t");
  if (type !== undefined) user.userType = /^super$/i.test(type) ? "Super" : "Normal";
  const status = create ? undefined : str(o, "s");
  if (status !== undefined) user.userStatus = /^disable$/i.test(status) ? "disable" : "enable";
  return user;
}

const putUser = (create: boolean): Subcommand => ({
  name: create ? "createUser" : "updateUser", description: `${create ? "Create" : "Update"} user to cluster.`,
  usage: `-u <username> ${create ? "-p <password>" : "[-p <password>]"} [-t <userType Super|Normal>]${create ? "" : " [-s <userStatus enable|disable>]"} ${TARGET}`,
  async run(ctx, o, io) {
    for (const addr of await admin.putUser(ctx, userOf(o, create), target(o), create)) {
      io.out(printf(`${create ? "create" : "update"} user to %s success.%n`, addr));
    }
  },
});

const deleteUser: Subcommand = {
  name: "deleteUser", description: "Delete user from cluster.", usage: `-u <username> ${TARGET}`,
  async run(ctx, o, io) {
    for (const addr of await admin.deleteUser(ctx, need(o, "u", "username"), target(o))) io.out(printf("delete user to %s success.%n", addr));
  },
};

const getUser: Subcommand = {
  name: "getUser", description: "Get user from cluster.", usage: `-u <username> ${TARGET}`,
  async run(ctx, o, io) {
    const user = await admin.getUser(ctx, need(o, "u", "username"), target(o));
    if (user !== undefined) printUsers(io, [user]);
  },
};

const listUser: Subcommand = {
  name: "listUser", description: "List user from cluster.", usage: `[-f <filter>] ${TARGET}`,
  async run(ctx, o, io) {
    for (const { addr, users } of await admin.listUsers(ctx, str(o, "f"), target(o))) {
      if (o.c !== undefined) io.out(printf("get user from %s success.%n", addr));
      printUsers(io, users);
    }
  },
};

const putAcl = (create: boolean): Subcommand => ({
  name: create ? "createAcl" : "updateAcl", description: `${create ? "Create" : "Update"} acl to cluster.`,
  usage: `-s <subject User:name> -r <resources Topic:T,Group:G*> -a <actions Pub,Sub> [-i <sourceIps>] [-d <decision Allow|Deny>] ${TARGET}`,
  async run(ctx, o, io) {
    const resources = list(o, "r");
    const actions = list(o, "a");
    if (resources === undefined) throw new UsageError("-r resources is required");
    if (actions === undefined) throw new UsageError("-a actions is required");
    const spec: admin.AclEntriesSpec = { subject: need(o, "s", "subject"), resources, actions, sourceIps: list(o, "i") ?? [] };
    const decision = str(o, "d");
    if (decision !== undefined) spec.decision = /^deny$/i.test(decision) ? "Deny" : "Allow";
    for (const addr of await admin.putAcl(ctx, spec, target(o), create)) io.out(printf(`${create ? "create" : "update"} acl to %s success.%n`, addr));
  },
});

const deleteAcl: Subcommand = {
  name: "deleteAcl", description: "Delete acl from cluster.", usage: `-s <subject> [-r <resource>] ${TARGET}`,
  async run(ctx, o, io) {
    for (const addr of await admin.deleteAcl(ctx, need(o, "s", "subject"), str(o, "r"), target(o))) io.out(printf("delete acl to %s success.%n", addr));
  },
};

const getAcl: Subcommand = {
  name: "getAcl", description: "Get acl from cluster.", usage: `-s <subject> ${TARGET}`,
  async run(ctx, o, io) {
    const acl = await admin.getAcl(ctx, need(o, "s", "subject"), target(o));
    if (acl !== undefined) printAcls(io, [acl]);
  },
};

const listAcl: Subcommand = {
  name: "listAcl", description: "List acl from cluster.", usage: `[-s <subject filter>] [-r <resource filter>] ${TARGET}`,
  async run(ctx, o, io) {
    printAcls(io, await admin.listAcls(ctx, { subject: str(o, "s"), resource: str(o, "r") }, target(o)));
  },
};

const names = (o: Options, k: string): string[] => list(o, k) ?? [];

const copyUser: Subcommand = {
  name: "copyUser", description: "Copy user to cluster.", usage: "-f <fromBroker addr> -t <toBroker addr> [-u <username,username>]",
  async run(ctx, o, io) {
    const [from, to] = [need(o, "f", "fromBroker"), need(o, "t", "toBroker")];
    const count = await admin.copyUsers(ctx, from, to, names(o, "u"), (u) => io.out(printf("copy user of %s from %s to %s success.%n", u, from, to)));
    if (count === 0) io.err(`mq admin copyUser: ${from} has no such user; nothing copied\n`);
  },
};

const copyAcl: Subcommand = {
  name: "copyAcl", description: "Copy acl to cluster.", usage: "-f <fromBroker addr> -t <toBroker addr> [-s <subject,subject>]",
  async run(ctx, o, io) {
    const [from, to] = [need(o, "f", "fromBroker"), need(o, "t", "toBroker")];
    const count = await admin.copyAcls(ctx, from, to, names(o, "s"), (s) => io.out(printf("copy acl of %s from %s to %s success.%n", s, from, to)));
    if (count === 0) io.err(`mq admin copyAcl: ${from} has no such ACL; nothing copied\n`);
  },
};

export const authSubcommands: readonly Subcommand[] = [
  putUser(true), putUser(false), deleteUser, getUser, listUser, putAcl(true), putAcl(false), deleteAcl, getAcl, listAcl, copyUser, copyAcl,
];
