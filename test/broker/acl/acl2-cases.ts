// ACL 2.0 requests shared by acl2.test.ts (against mq) and scripts/acl2-probe.ts (against Apache
// RocketMQ 5.5.0 with authenticationEnabled=true, authorizationEnabled=true and
// initAuthenticationUser={"username":"rocketmq","password":"12345678"}).
import { jsonBody } from "../../../src/common/index.ts";

export const SUPER = { accessKey: "rocketmq", secretKey: "12345678" };
export const ALICE = { accessKey: "alice", secretKey: "alicePass1" };
export const INIT_USER = JSON.stringify({ username: SUPER.accessKey, password: SUPER.secretKey });

export const userBody = (username: string, password: string, userType = "Normal") => jsonBody({ username, password, userType });

export const aclBody = (subject: string, entries: Array<{ resource: string; actions: string[]; decision: string; sourceIps?: string[] }>) =>
  jsonBody({ subject, policies: [{ policyType: "Custom", entries: entries.map((e) => ({ sourceIps: [], ...e })) }] });

export interface Acl2Step {
  name: string;
  code: number;
  extFields: Record<string, string>;
  body?: Uint8Array;
  who?: { accessKey: string; secretKey: string };
}

const send = (topic: string) => ({
  a: "pg", b: topic, c: "TBW102", d: "4", e: "0", f: "0", g: String(Date.now()), h: "0", i: "", j: "0", k: "false",
});
const one = new Uint8Array([1]);

/** In order: each step may rely on the ones before. */
export function acl2ProbeSteps(): Acl2Step[] {
  return [
    { name: "unsigned send", code: 310, extFields: send("T"), body: one },
    { name: "unknown user", code: 310, extFields: send("T"), body: one, who: { accessKey: "bob", secretKey: "whatever1" } },
    { name: "wrong password", code: 310, extFields: send("T"), body: one, who: { accessKey: "rocketmq", secretKey: "wrong-password" } },
    { name: "super user send", code: 310, extFields: send("T"), body: one, who: SUPER },
    { name: "create alice", code: 3001, extFields: { username: "alice" }, body: userBody("alice", ALICE.secretKey), who: SUPER },
    { name: "create alice again", code: 3001, extFields: { username: "alice" }, body: userBody("alice", ALICE.secretKey), who: SUPER },
    { name: "alice send, no policy", code: 310, extFields: send("T"), body: one, who: ALICE },
    {
      name: "grant alice", code: 3006, extFields: { subject: "User:alice" }, who: SUPER,
      body: aclBody("User:alice", [
        { resource: "Topic:T", actions: ["Pub"], decision: "Allow" },
        { resource: "Topic:pre*", actions: ["Pub", "Sub"], decision: "Allow" },
        { resource: "Topic:pre-x", actions: ["Pub"], decision: "Deny" },
        { resource: "Topic:far", actions: ["All"], decision: "Allow", sourceIps: ["10.0.0.0/8"] },
      ]),
    },
    { name: "alice send T", code: 310, extFields: send("T"), body: one, who: ALICE },
    { name: "alice send pre-y", code: 310, extFields: send("pre-y"), body: one, who: ALICE },
    { name: "alice send pre-x (deny)", code: 310, extFields: send("pre-x"), body: one, who: ALICE },
    { name: "alice send far (other IPs)", code: 310, extFields: send("far"), body: one, who: ALICE },
    { name: "alice creates a user", code: 3001, extFields: { username: "eve" }, body: userBody("eve", "evePass123"), who: ALICE },
    { name: "get alice", code: 3004, extFields: { username: "alice" }, who: SUPER },
    { name: "acl for nobody", code: 3006, extFields: { subject: "User:nobody" }, who: SUPER,
      body: aclBody("User:nobody", [{ resource: "Topic:T", actions: ["Pub"], decision: "Allow" }]) },
    { name: "acl with Any", code: 3006, extFields: { subject: "User:alice" }, who: SUPER,
      body: aclBody("User:alice", [{ resource: "Topic:T", actions: ["Any"], decision: "Allow" }]) },
    { name: "disable alice", code: 3002, extFields: { username: "alice" }, who: SUPER,
      body: new TextEncoder().encode(JSON.stringify({ username: "alice", userStatus: "disable" })) },
    { name: "disabled alice send", code: 310, extFields: send("T"), body: one, who: ALICE },
  ];
}
