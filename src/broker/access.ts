// Who may do what on the broker, decided once at start and said in the log: with aclEnable,
// every request is checked against plain_acl.yml (signatures, topic and group permissions, admin
// accounts for the codes that change the broker); without it, data requests are open (as in
// RocketMQ) and changing requests are taken from this machine and adminAllowedAddresses.
import { RequestCode, type Logger } from "../common/index.ts";
import { aclFilePath, PlainAclSource, plainAclGuard, type RequestGuard } from "../auth/index.ts";
import { ACL_CODES, mutatingAdminCodes } from "./admin/index.ts";
import type { BrokerOptions } from "./context.ts";

/** The codes RocketMQ 4.x's ACL reserves for admin accounts (Permission.ADMIN_CODE). */
const ROCKETMQ_ADMIN_CODES = [
  RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.UPDATE_BROKER_CONFIG, RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.DELETE_SUBSCRIPTIONGROUP,
];

export interface BrokerAccess {
  guard?: RequestGuard;
  /** Started with the broker, stopped with it. */
  source?: PlainAclSource;
}

export function brokerAccess(o: Readonly<BrokerOptions>, log: Logger): BrokerAccess {
  if (o.aclEnable !== true) {
    const extra = o.adminAllowedAddresses ? ` and from adminAllowedAddresses=${o.adminAllowedAddresses}` : "";
    log.info(`access: aclEnable=false, so data requests are open to anyone; requests that change topics, groups or ` +
      `offsets are accepted from this machine's own addresses${extra}`);
    return {};
  }
  const source = new PlainAclSource(aclFilePath(o), log.child("acl"), o.aclFileCheckInterval);
  const adminCodes = new Set([
    ...ROCKETMQ_ADMIN_CODES, ...mutatingAdminCodes(),
    ACL_CODES.UPDATE_AND_CREATE_ACL_CONFIG, ACL_CODES.DELETE_ACL_CONFIG, ACL_CODES.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  ]);
  log.info(`access: aclEnable=true, every request is checked against ${source.file} (admin accounts for the ` +
    "codes that change the broker); adminAllowedAddresses is not used");
  return { source, guard: plainAclGuard({ rules: () => source.rules, adminCodes, log: log.child("acl") }) };
}
