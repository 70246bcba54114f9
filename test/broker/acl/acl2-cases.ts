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
