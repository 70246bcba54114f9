// The NameServer's access rule with aclEnable: requests that carry an AccessKey must be signed
// with its secret (the same plain_acl.yml as the brokers); the codes that change routes, write
// permissions or KV config need an admin account; reads and broker registrations without an
// AccessKey stay open, as brokers and unsigned clients need them.
import { RequestCode, type Logger } from "../common/index.ts";
import { aclFilePath, PlainAclSource, plainAclGuard, type RequestGuard } from "../auth/index.ts";

/** RequestCode.UPDATE_NAMESRV_CONFIG (kept local: the admin-codes work adds it to the table). */
const UPDATE_NAMESRV_CONFIG = 318;

const ADMIN_CODES = new Set<number>([
  RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG, RequestCode.DELETE_TOPIC_IN_NAMESRV,
  RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER, UPDATE_NAMESRV_CONFIG,
]);

export interface NamesrvAclKeys {
  aclEnable?: boolean;
  aclFile?: string;
  aclFileCheckInterval?: number;
  rocketmqHome?: string;
}

export function namesrvAccess(o: NamesrvAclKeys, log: Logger): { guard?: RequestGuard; source?: PlainAclSource } {
  if (o.aclEnable !== true) {
    log.info("access: aclEnable=false, so every request is open to anyone");
    return {};
  }
  const source = new PlainAclSource(aclFilePath(o), log.child("acl"), o.aclFileCheckInterval);
  log.info(`access: aclEnable=true, signed requests are checked against ${source.file}; changes need an admin account`);
  const guard = plainAclGuard({
    rules: () => source.rules, adminCodes: ADMIN_CODES, resources: false, log: log.child("acl"),
    anonymous: (code) => !ADMIN_CODES.has(code),
  });
  return { source, guard };
}
