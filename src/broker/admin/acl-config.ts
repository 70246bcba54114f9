// The 4.x ACL admin codes (RocketMQ 4.9's AdminBrokerProcessor; mqadmin updateAclConfig,
// deleteAclConfig, updateGlobalWhiteAddr, clusterAclConfigVersion). They change the ACL files in
// force and nothing else: an account in the file that defines it (a new one in plain_acl.yml, the
// aclFile), a global white list in aclFileFullPath or plain_acl.yml. With ACL on they need an
// admin account (src/broker/access.ts).
//   code                                 request extFields                          reply
//   UPDATE_AND_CREATE_ACL_CONFIG 50      accessKey secretKey? whiteRemoteAddress?   SUCCESS | 209
//                                        admin? defaultTopicPerm? defaultGroupPerm?
//                                        topicPerms? groupPerms? ("a=PUB,b=SUB")
//   DELETE_ACL_CONFIG 51                 accessKey                                  SUCCESS | 210
//   GET_BROKER_CLUSTER_ACL_INFO 52       -                                          version allAclFileVersion
//                                                                                   brokerName brokerAddr clusterName
//   UPDATE_GLOBAL_WHITE_ADDRS_CONFIG 53  globalWhiteAddrs ("a,b") aclFileFullPath?  SUCCESS | 211
// RocketMQ writes a global white list to any existing *.yml under its home; mq only to an ACL file
// in force (plain_acl.yml or one under conf/acl).
// GET_BROKER_CLUSTER_ACL_CONFIG (54, the whole file with secrets) is gone from 4.9.8 and not served.
import {
  BrokerError, decodeAccessConfigHeader, decodeDeleteAccessConfigHeader, decodeGlobalWhiteAddrsHeader, encodeAclVersionInfo, ResponseCode,
} from "../../common/index.ts";
import { removeAccount, upsertAccount, withGlobalWhiteAddresses, type PlainAclSource } from "../../auth/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export const ACL_CODES = { UPDATE_AND_CREATE_ACL_CONFIG: 50, DELETE_ACL_CONFIG: 51, GET_BROKER_CLUSTER_ACL_INFO: 52, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG: 53 } as const;
/** RocketMQ's ResponseCode for each change that failed. */
const FAILED = { update: 209, delete: 210, globals: 211 } as const;

const split = (text: string | undefined): string[] | undefined =>
  text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);

function aclOn(ctx: BrokerContext, source: PlainAclSource | undefined, failed: number): PlainAclSource {
  if (source !== undefined) return source;
  throw new BrokerError(failed, `ACL is off on broker ${ctx.options.brokerName} (aclEnable=false): set aclEnable=true and ` +
    "aclFile (plain_acl.yml) in its configuration and restart it to manage accounts");
}

function changing(failed: number, edit: () => void): void {
  try {
    edit();
  } catch (e) {
    throw new BrokerError(failed, (e as Error).message);
  }
}

const updateAccount = (ctx: BrokerContext, source: PlainAclSource | undefined): Handler => (req) => {
  const acl = aclOn(ctx, source, FAILED.update);
  const f = decodeAccessConfigHeader(req.extFields);
  const accessKey = f.accessKey;
  const file = acl.fileOf(accessKey);
  changing(FAILED.update, () => acl.change((doc) => upsertAccount(doc, {
    accessKey, secretKey: f.secretKey, whiteRemoteAddress: f.whiteRemoteAddress, admin: f.admin,
    defaultTopicPerm: f.defaultTopicPerm, defaultGroupPerm: f.defaultGroupPerm,
    topicPerms: split(f.topicPerms), groupPerms: split(f.groupPerms),
  }), file));
  ctx.log.info("ACL account updated", { accessKey, file });
  return reply(ResponseCode.SUCCESS);
};

const deleteAccount = (ctx: BrokerContext, source: PlainAclSource | undefined): Handler => (req) => {
  const acl = aclOn(ctx, source, FAILED.delete);
  const accessKey = decodeDeleteAccessConfigHeader(req.extFields);
  changing(FAILED.delete, () => acl.change((doc) => {
    const next = removeAccount(doc, accessKey);
    if (next === undefined) throw new Error(`The accesskey[${accessKey}] corresponding to accessConfig has been deleted failed.`);
    return next;
  }, acl.fileOf(accessKey)));
  ctx.log.info("ACL account deleted", { accessKey });
  return reply(ResponseCode.SUCCESS);
};

const updateGlobals = (ctx: BrokerContext, source: PlainAclSource | undefined): Handler => (req) => {
  const acl = aclOn(ctx, source, FAILED.globals);
  const { globalWhiteAddrs, aclFileFullPath: path } = decodeGlobalWhiteAddrsHeader(req.extFields);
  const file = path === undefined || path === "" ? acl.file : path;
  if (!acl.holds(file)) {
    throw new BrokerError(FAILED.globals, `aclFileFullPath ${path} is not one of this broker's ACL files; mq writes only ` +
      `${acl.versions().map(([f]) => f).join(", ")} (leave -p out for ${acl.file})`);
  }
  const addresses = split(globalWhiteAddrs) ?? [];
  changing(FAILED.globals, () => acl.change((doc) => withGlobalWhiteAddresses(doc, addresses), file));
  return reply(ResponseCode.SUCCESS);
};

const versionInfo = (ctx: BrokerContext, source: PlainAclSource | undefined): Handler => () => {
  const acl = aclOn(ctx, source, ResponseCode.SYSTEM_ERROR);
  const version = { stateVersion: 0, ...acl.version };
  const all = Object.fromEntries(acl.versions().map(([file, v]) => [file, { stateVersion: 0, ...v }]));
  return reply(ResponseCode.SUCCESS, {
    extFields: encodeAclVersionInfo({
      version: JSON.stringify(version), allAclFileVersion: JSON.stringify(all),
      brokerName: ctx.options.brokerName, brokerAddr: ctx.brokerAddr, clusterName: ctx.options.brokerClusterName,
    }),
  });
};

/** The handlers by code; source is undefined when ACL is off (each then says how to turn it on). */
export function aclConfigHandlers(ctx: BrokerContext, source: PlainAclSource | undefined): Array<[number, Handler]> {
  return [
    [ACL_CODES.UPDATE_AND_CREATE_ACL_CONFIG, updateAccount(ctx, source)],
    [ACL_CODES.DELETE_ACL_CONFIG, deleteAccount(ctx, source)],
    [ACL_CODES.GET_BROKER_CLUSTER_ACL_INFO, versionInfo(ctx, source)],
    [ACL_CODES.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, updateGlobals(ctx, source)],
  ];
}
