// What Apache RocketMQ 5.5.0 answered to acl2ProbeSteps() (run on 2026-12-01: scripts/rocketmq-reference.sh
// start authenticationEnabled=true authorizationEnabled=true initAuthenticationUser=… with the
// Default/Local authentication and authorization providers, then bun scripts/acl2-probe.ts).
// RocketMQ's GET_USER sends the password back; mq leaves it out. A success's remark ("not set any
// response code") is not compared.
const no = (remark: string) => ({ code: 16, remark });
const ok = { code: 0 };

export const REFERENCE_ANSWERS_V2: Record<string, { code: number; remark?: string }> = {
  "unsigned send": no("username cannot be null."),
  "unknown user": no("User:bob is not found."),
  "wrong password": no("check signature failed."),
  "super user send": ok,
  "create alice": ok,
  "create alice again": no("The user is existed"),
  "alice send, no policy": no("User:alice has no permission to access Topic:T from 127.0.0.1, no matched policies."),
  "grant alice": ok,
  "alice send T": ok,
  "alice send pre-y": ok,
  "alice send pre-x (deny)": no("User:alice has no permission to access Topic:pre-x from 127.0.0.1, the decision is deny."),
  "alice send far (other IPs)": no("User:alice has no permission to access Topic:far from 127.0.0.1, no matched policies."),
  "alice creates a user": no("User:alice has no permission to access Cluster:DefaultCluster from 127.0.0.1, no matched policies."),
  "get alice": ok,
  "acl for nobody": no("The subject of User:nobody is not exist."),
  "acl with Any": no("The actions can not be Any."),
  "disable alice": ok,
  "disabled alice send": no("User:alice is disabled."),
};
