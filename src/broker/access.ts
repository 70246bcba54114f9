// Who may do what on the broker, decided once at start and said in the log:
// - ACL 1.0 (aclEnable): every request is checked against plain_acl.yml (signatures, topic and
//   group permissions, admin accounts for the codes that change the broker);
// - ACL 2.0 (authenticationEnabled / authorizationEnabled): users and ACLs of meta.db;
// - neither: data requests are open (as in RocketMQ) and changing requests are taken from this
//   machine and adminAllowedAddresses.
import { RequestCode, type AuthUser, type Logger } from "../common/index.ts";
import { aclDirPath, authGuard, PlainAclSource, plainAclGuard, aclFilePath, type RequestGuard } from "../auth/index.ts";
import type { Credentials } from "../remoting/index.ts";
import type { MetaStore } from "../store/index.ts";
import { ACL_CODES, mutatingAdminCodes } from "./admin/index.ts";
import type { BrokerOptions } from "./context.ts";

/** The codes RocketMQ 4.x's ACL reserves for admin accounts (Permission.ADMIN_CODE). */
const ROCKETMQ_ADMIN_CODES = [
  RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.UPDATE_BROKER_CONFIG, RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.DELETE_SUBSCRIPTIONGROUP,
];

export interface BrokerAccess {
  guard?: RequestGuard;
  /** ACL 1.0's file: started with the broker, stopped with it. */
  source?: PlainAclSource;
  /** ACL 2.0: called once the store is open (creates initAuthenticationUser). */
  opened(meta: MetaStore): void;
  /** innerClientAuthenticationCredentials: what the broker's own requests are signed with. */
  innerCredentials?: Credentials;
}

export function brokerAccess(o: Readonly<BrokerOptions>, log: Logger): BrokerAccess {
  const v2 = o.authenticationEnabled === true || o.authorizationEnabled === true;
  if (v2 && o.aclEnable === true) {
    throw new Error("aclEnable (ACL 1.0, plain_acl.yml) and authenticationEnabled/authorizationEnabled (ACL 2.0) exclude each " +
      "other: turn one off");
  }
  const innerCredentials = innerCredentialsOf(o);
  if (v2) return { ...aclV2(o, log), innerCredentials };
  if (o.aclEnable !== true) {
    const extra = o.adminAllowedAddresses ? ` and from adminAllowedAddresses=${o.adminAllowedAddresses}` : "";
    log.info(`access: no ACL (aclEnable, authenticationEnabled and authorizationEnabled are false), so data requests are open ` +
      `to anyone; requests that change topics, groups, offsets or users are accepted from this machine's own addresses${extra}`);
    return { innerCredentials, opened: () => {} };
  }
  const source = new PlainAclSource(aclFilePath(o), log.child("acl"), o.aclFileCheckInterval, aclDirPath(o));
  const adminCodes = new Set([
    ...ROCKETMQ_ADMIN_CODES, ...mutatingAdminCodes(),
    ACL_CODES.UPDATE_AND_CREATE_ACL_CONFIG, ACL_CODES.DELETE_ACL_CONFIG, ACL_CODES.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  ]);
  log.info(`access: aclEnable=true, every request is checked against ${source.where} (admin accounts for the ` +
    "codes that change the broker); adminAllowedAddresses is not used");
  return { source, innerCredentials, opened: () => {}, guard: plainAclGuard({ rules: () => source.rules, adminCodes, log: log.child("acl") }) };
}

function aclV2(o: Readonly<BrokerOptions>, log: Logger): BrokerAccess {
  let meta: MetaStore | undefined;
  const initUser = o.initAuthenticationUser ? jsonKeys(o.initAuthenticationUser, "initAuthenticationUser", ["username", "password"]) : undefined;
  log.info(`access: ACL 2.0, authenticationEnabled=${o.authenticationEnabled === true} authorizationEnabled=${o.authorizationEnabled === true}; ` +
    "users and ACLs are in meta.db (mq admin createUser, createAcl); adminAllowedAddresses is not used");
  const guard = authGuard({
    authenticationEnabled: o.authenticationEnabled === true, authorizationEnabled: o.authorizationEnabled === true,
    authenticationWhitelist: o.authenticationWhitelist, authorizationWhitelist: o.authorizationWhitelist,
    clusterName: o.brokerClusterName, log: log.child("auth"),
    userOf: (name) => meta?.authUsers.get(name), aclOf: (subject) => meta?.authAcls.get(subject),
  });
  return {
    guard,
    opened(m) {
      meta = m;
      if (initUser === undefined || m.authUsers.get(initUser.username!) !== undefined) return;
      const user: AuthUser = { username: initUser.username!, password: initUser.password!, userType: "Super", userStatus: "enable" };
      m.authUsers.put(user);
      log.info("ACL 2.0 super user created from initAuthenticationUser", { username: user.username });
    },
  };
}

/** innerClientAuthenticationCredentials (RocketMQ 5's key; with ACL 1.0 too, an account of
 *  plain_acl.yml): what the broker's own requests (a slave's to its master) are signed with. */
function innerCredentialsOf(o: Readonly<BrokerOptions>): Credentials | undefined {
  if (!o.innerClientAuthenticationCredentials) return undefined;
  const keys = jsonKeys(o.innerClientAuthenticationCredentials, "innerClientAuthenticationCredentials", ["accessKey", "secretKey"]);
  return { accessKey: keys.accessKey!, secretKey: keys.secretKey! };
}

/** A JSON object with the given string keys; the error never repeats the value (it holds a secret). */
function jsonKeys(text: string, key: string, names: string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const o = (parsed ?? {}) as Record<string, unknown>;
  if (typeof parsed !== "object" || names.some((n) => typeof o[n] !== "string" || o[n] === "")) {
    throw new Error(`${key} must be JSON with ${names.join(" and ")}, e.g. {${names.map((n) => `"${n}":"…"`).join(",")}}`);
  }
  return o as Record<string, string>;
}
