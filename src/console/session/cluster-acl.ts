// What the cluster's brokers say about ACL, asked with GET_BROKER_RUNTIME_INFO (28), a read every
// account may make (RocketMQ 4's ACL checks only its signature; ACL 2.0 only authenticates it):
//  - unsigned: refused means ACL is on (ACL 1.0: SYSTEM_ERROR "…AclException: …"; ACL 2.0:
//    NO_PERMISSION), answered means the cluster trusts this console as it is;
//  - signed with a login's keys: answered means the keys are good, but only if the same request
//    signed with a wrong secret is refused (a broker that white-lists this console's address
//    takes any signature, and then a login proves nothing).
// "Answered" is any reply but an ACL refusal: the ACL check runs before the request's handler, so
// a handler's own failure (Apache 4.9 answers 28 with SYSTEM_ERROR NoSuchElementException for its
// first seconds, before it has sampled its TPS) still means the keys passed.
// The broker decides, so `mq console` against any RocketMQ cluster logs in as mq admin signs.
import { clusterInfo, type AdminContext } from "../../admin/index.ts";
import { RequestCode, ResponseCode } from "../../common/index.ts";
import { request, signRequest, type Credentials, type RemotingCommand } from "../../remoting/index.ts";

export type AclVersion = "1.0" | "2.0";
export type AclMode = { on: false } | { on: true; version: AclVersion };

/** Which ACL refused a reply, or undefined when it was not an ACL refusal. */
export function aclRefusal(res: Pick<RemotingCommand, "code" | "remark">): AclVersion | undefined {
  if (res.code === ResponseCode.NO_PERMISSION) return "2.0";
  if (res.code === ResponseCode.SYSTEM_ERROR && (res.remark ?? "").includes("AclException")) return "1.0";
  return undefined;
}

async function brokerAddrs(admin: AdminContext): Promise<string[]> {
  const info = await clusterInfo(admin);
  return Object.values(info.brokerAddrTable).flatMap((b) => Object.values(b.brokerAddrs)).sort();
}

/** The first broker's answer to a runtime-info request (signed with keys, if given). */
async function ask(admin: AdminContext, keys?: Credentials): Promise<RemotingCommand | undefined> {
  let lastError: unknown;
  for (const addr of await brokerAddrs(admin)) {
    const cmd = request(RequestCode.GET_BROKER_RUNTIME_INFO);
    if (keys !== undefined) signRequest(cmd, keys);
    try {
      return await admin.client.invoke(addr, cmd, admin.timeoutMs);
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError !== undefined) throw lastError;
  return undefined;
}

/** Whether the cluster has ACL on; undefined while no broker answers (ask again later). */
export async function aclMode(admin: AdminContext): Promise<AclMode | undefined> {
  const res = await ask(admin).catch(() => undefined);
  if (res === undefined) return undefined;
  const version = aclRefusal(res);
  return version === undefined ? { on: false } : { on: true, version };
}

export type LoginCheck = "ok" | "wrong" | "unverifiable";

/** Whether the brokers take these keys (and refuse the same request with a wrong secret). */
export async function checkLogin(admin: AdminContext, keys: Credentials): Promise<LoginCheck> {
  const res = await ask(admin, keys);
  if (res === undefined) throw new Error("no broker is registered with the name server, so no login can be checked");
  if (aclRefusal(res) !== undefined) return "wrong";
  const forged = await ask(admin, { accessKey: keys.accessKey, secretKey: `${keys.secretKey}\u0000not-the-secret` });
  return forged !== undefined && aclRefusal(forged) === undefined ? "unverifiable" : "ok";
}
