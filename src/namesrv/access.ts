// The NameServer's access rule with aclEnable (RocketMQ's NameServer has none): the codes that
// change routes, write permissions, KV config or the NameServer's configuration need a request
// signed by an admin account of plain_acl.yml (the brokers' file). Route reads and broker
// registrations stay open, signed or not: brokers and unsigned clients need them, and refusing a
// badly signed read would guard nothing an unsigned one does not get; a Java client with a wrong
// secret thus gets its refusal from the broker, as with RocketMQ.
import { adminRuleText, RequestCode, type Logger } from "../common/index.ts";
import { aclDirPath, aclFilePath, PlainAclSource, plainAclGuard, type RequestGuard } from "../auth/index.ts";

const ADMIN_CODES = new Set<number>([
  RequestCode.PUT_KV_CONFIG, RequestCode.DELETE_KV_CONFIG, RequestCode.DELETE_TOPIC_IN_NAMESRV,
  RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER, RequestCode.UPDATE_NAMESRV_CONFIG,
]);

export interface NamesrvAclKeys {
  adminAllowedAddresses?: string;
  aclEnable?: boolean;
  aclFile?: string;
  aclFileCheckInterval?: number;
  rocketmqHome?: string;
}

export function namesrvAccess(o: NamesrvAclKeys, log: Logger): { guard?: RequestGuard; source?: PlainAclSource } {
  if (o.aclEnable !== true) {
    // Without ACL the changing codes are guarded by address (handler-table.ts).
    log.info(`access: aclEnable=false, so reads and broker registrations are open to anyone; ${adminRuleText("name server", o.adminAllowedAddresses)}`);
    return {};
  }
  const source = new PlainAclSource(aclFilePath(o), log.child("acl"), o.aclFileCheckInterval, aclDirPath(o));
  log.info(`access: aclEnable=true, changes need a request signed by an admin account of ${source.where}; reads are open`);
  const guard = plainAclGuard({
    rules: () => source.rules, adminCodes: ADMIN_CODES, resources: false, log: log.child("acl"),
    open: (code) => !ADMIN_CODES.has(code),
  });
  return { source, guard };
}
