// ACL: accounts and permissions, when the cluster has ACL on (the session says which). ACL 1.0:
// plain_acl.yml's accounts (create or update, delete); ACL 2.0: users and policies. Every change
// is an admin operation the brokers check against the logged-in account, as `mq admin` is.
import { Hono } from "hono";
import type { AdminContext } from "../../admin/index.ts";
import type { SessionView } from "../session/gate.ts";
import { AccountBody, deleteAccount, loadPlainAcl, putAccount, type PlainAclView } from "./acl-plain.ts";
import { loadUsersAcl, PolicyBody, removePolicy, removeUser, savePolicy, saveUser, UserBody, type UsersAclView } from "./acl-users.ts";
import { parseBody } from "./body.ts";
import { clusterOf } from "./cluster.ts";
import { BadRequest } from "./errors.ts";

export type AclView = { acl: "off"; note: string } | PlainAclView | UsersAclView;

const OFF = {
  acl: "off",
  note: "this cluster has no ACL on (or trusts this console's address), so there are no accounts to show; turn on aclEnable " +
    "(plain_acl.yml) or authenticationEnabled (ACL 2.0) on the brokers, and the console asks for a login",
} as const satisfies AclView;

/** What the ACL page shows; localAclFile: the plain_acl.yml of the broker beside this console, if any. */
export async function loadAcl(admin: AdminContext, view: SessionView | undefined, asked?: string, localAclFile?: string): Promise<AclView> {
  if (view === undefined) return OFF;
  const cluster = await clusterOf(admin, asked);
  return view.aclVersion === "1.0" ? loadPlainAcl(admin, cluster, localAclFile) : loadUsersAcl(admin, cluster);
}

export function aclApi(admin: AdminContext, view: SessionView | undefined, localAclFile?: string): Hono {
  const needs = (version: "1.0" | "2.0") => {
    if (view?.aclVersion === version) return;
    throw new BadRequest(view === undefined ? OFF.note : `this cluster runs ACL ${view.aclVersion}, not ${version}: see GET /api/acl`);
  };
  return new Hono()
    .get("/", async (c) => c.json(await loadAcl(admin, view, c.req.query("cluster"), localAclFile)))
    .post("/accounts", async (c) => {
      needs("1.0");
      const body = await parseBody(c, AccountBody);
      const cluster = await clusterOf(admin, body.cluster);
      return c.json({ accessKey: body.accessKey, cluster, brokers: await putAccount(admin, body, cluster) });
    })
    .delete("/accounts/:accessKey", async (c) => {
      needs("1.0");
      const cluster = await clusterOf(admin, c.req.query("cluster"));
      const accessKey = c.req.param("accessKey");
      return c.json({ accessKey, cluster, brokers: await deleteAccount(admin, accessKey, cluster) });
    })
    .post("/users", async (c) => {
      needs("2.0");
      const body = await parseBody(c, UserBody);
      const cluster = await clusterOf(admin, body.cluster);
      return c.json({ username: body.username, cluster, ...(await saveUser(admin, body, cluster)) });
    })
    .delete("/users/:username", async (c) => {
      needs("2.0");
      const cluster = await clusterOf(admin, c.req.query("cluster"));
      const username = c.req.param("username");
      return c.json({ username, cluster, brokers: await removeUser(admin, username, cluster) });
    })
    .post("/policies", async (c) => {
      needs("2.0");
      const body = await parseBody(c, PolicyBody);
      const cluster = await clusterOf(admin, body.cluster);
      return c.json({ subject: body.subject, cluster, ...(await savePolicy(admin, body, cluster)) });
    })
    .delete("/policies/:subject", async (c) => {
      needs("2.0");
      const cluster = await clusterOf(admin, c.req.query("cluster"));
      const subject = c.req.param("subject");
      return c.json({ subject, cluster, brokers: await removePolicy(admin, subject, c.req.query("resource") || undefined, cluster) });
    });
}
