// The console's login with ACL 2.0 on (authentication and authorization, initAuthenticationUser a
// Super user), through app.request(): a Super user logs in with username and password, and on the
// ACL page's API creates a Normal user and its policy; that user logs in, reads what its policy
// allows, and its changes are refused. No password is ever answered. Without ACL, no login.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { INIT_USER, SUPER } from "../broker/acl/acl2-cases.ts";
import { startConsoleCluster, type ConsoleCluster } from "./cluster.ts";
import { ConsoleUser } from "./login-client.ts";

let cluster: ConsoleCluster;
let open: ConsoleCluster;

beforeAll(async () => {
  cluster = await startConsoleCluster({
    broker: () => ({ authenticationEnabled: true, authorizationEnabled: true, initAuthenticationUser: INIT_USER }),
    login: {},
  });
  open = await startConsoleCluster({ login: {} });
});
afterAll(async () => {
  await cluster.stop();
  await open.stop();
});

describe("console login with ACL 2.0", () => {
  test("a Super user logs in, creates a Normal user and its policy, and the ACL API lists both without passwords", async () => {
    const root = new ConsoleUser(cluster.app);
    expect((await root.login("rocketmq", "wrong-password")).status).toBe(401);
    const login = await root.login(SUPER.accessKey, SUPER.secretKey);
    expect([login.status, login.json.acl]).toEqual([200, "2.0"]);
    const user = await root.call("POST", "/api/acl/users", { username: "carol", password: "carolPass1" });
    expect([user.status, user.json.created]).toEqual([200, true]);
    const again = await root.call("POST", "/api/acl/users", { username: "carol", password: "carolPass1", userStatus: "enable" });
    expect([again.status, again.json.created]).toEqual([200, false]);
    const policy = await root.call("POST", "/api/acl/policies", { subject: "User:carol", resources: "Topic:*", actions: "Get,List", decision: "Allow" });
    expect([policy.status, policy.json.created]).toEqual([200, true]);
    const acl = await root.call("GET", "/api/acl");
    expect(acl.json).toMatchObject({ acl: "2.0", cluster: "DefaultCluster" });
    expect(acl.json.users).toEqual(expect.arrayContaining([{ username: "carol", userType: "Normal", userStatus: "enable" }]));
    expect(JSON.stringify(acl.json.acls)).toContain('"resource":"Topic:*"');
    expect(JSON.stringify(acl.json)).not.toContain("carolPass1");
    expect(JSON.stringify(acl.json)).not.toContain(SUPER.secretKey);
    const page = await root.call("GET", "/acl");
    expect(String(page.json.text)).toContain("User:carol");
  });

  test("a Normal user logs in and reads, and its change is refused with 403 and RocketMQ's NO_PERMISSION", async () => {
    const carol = new ConsoleUser(cluster.app);
    expect((await carol.login("carol", "carolPass1")).status).toBe(200);
    expect((await carol.call("GET", "/api/cluster")).status).toBe(200);
    const refused = await carol.call("POST", "/api/topics", { topic: "CarolTopic" });
    expect([refused.status, refused.json.code]).toEqual([403, 16]);
    expect(String(refused.json.error)).toContain("the cluster's ACL refused this for carol");
    const deleting = await carol.call("DELETE", "/api/acl/users/rocketmq");
    expect(deleting.status).toBe(403);
  });

  test("a Super user deletes the policy and the user; the user then cannot log in", async () => {
    const root = new ConsoleUser(cluster.app);
    await root.login(SUPER.accessKey, SUPER.secretKey);
    expect((await root.call("DELETE", "/api/acl/policies/User%3Acarol?resource=Topic%3A*")).status).toBe(200);
    expect((await root.call("DELETE", "/api/acl/users/carol")).status).toBe(200);
    expect((await new ConsoleUser(cluster.app).login("carol", "carolPass1")).status).toBe(401);
  });

  test("without ACL on the cluster the console asks no login: the API answers, a change goes through, the ACL page says ACL is off", async () => {
    const anyone = new ConsoleUser(open.app);
    expect((await anyone.call("GET", "/api/topics")).status).toBe(200);
    expect((await anyone.call("POST", "/api/topics", { topic: "OpenTopic" })).status).toBe(200);
    expect((await anyone.call("GET", "/api/acl")).json.acl).toBe("off");
    const login = await anyone.login("rocketmq2", "12345678");
    expect(login.status).toBe(400);
    expect(String(login.json.error)).toContain("no login is needed");
  });
});
