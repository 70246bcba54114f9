// Headers of the ACL admin codes: 4.x's plain-ACL ones (CreateAccessConfigRequestHeader,
// DeleteAccessConfigRequestHeader, UpdateGlobalWhiteAddrsConfigRequestHeader,
// GetBrokerAclConfigResponseHeader) and 5.x's ACL 2.0 ones ({Create,Update,Delete,Get}User-,
// ListUsers-, {Create,Update,Delete,Get}Acl- and ListAclsRequestHeader). admin encodes them
// (src/admin/acl-config.ts, auth.ts), the broker decodes them (src/broker/admin/acl-config.ts,
// auth-users.ts, auth-acls.ts). Users and ACLs travel in the body (auth-bodies.ts).
//
// code                                 field               type     presence
// UPDATE_AND_CREATE_ACL_CONFIG 50      accessKey           string   NN
//                                      secretKey whiteRemoteAddress defaultTopicPerm defaultGroupPerm
//                                                          string   opt
//                                      admin               boolean  opt   default false
//                                      topicPerms groupPerms string opt   "a=PUB,b=SUB"
// DELETE_ACL_CONFIG 51                 accessKey           string   NN
// UPDATE_GLOBAL_WHITE_ADDRS_CONFIG 53  globalWhiteAddrs    string   NN    "a,b"
//                                      aclFileFullPath     string   NN (mq: opt, only aclFile is written)
// GET_BROKER_CLUSTER_ACL_INFO 52       reply: version allAclFileVersion (JSON text) brokerName brokerAddr clusterName
// AUTH_CREATE/UPDATE/DELETE/GET_USER   username            string   opt   (the broker says "The username is blank")
//   3001-3004
// AUTH_LIST_USER 3005                  filter              string   opt
// AUTH_CREATE/UPDATE/GET_ACL           subject             string   opt   "User:<name>"
//   3006, 3007, 3009
// AUTH_DELETE_ACL 3008                 subject policyType resource   string  opt
// AUTH_LIST_ACL 3010                   subjectFilter resourceFilter  string  opt
import { need, optBool, type ExtFields, type ExtFieldsInit } from "./header-fields.ts";

const blankless = (v: string | undefined): string | undefined => (v === "" ? undefined : v);

export interface AccessConfigHeader {
  accessKey: string;
  secretKey?: string;
  whiteRemoteAddress?: string;
  admin: boolean;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  /** Comma-separated "resource=PERM". */
  topicPerms?: string;
  groupPerms?: string;
}

export const encodeAccessConfigHeader = (h: AccessConfigHeader): ExtFieldsInit => ({
  accessKey: h.accessKey, secretKey: h.secretKey, whiteRemoteAddress: h.whiteRemoteAddress, admin: h.admin,
  defaultTopicPerm: h.defaultTopicPerm, defaultGroupPerm: h.defaultGroupPerm, topicPerms: h.topicPerms, groupPerms: h.groupPerms,
});

export const decodeAccessConfigHeader = (ext: ExtFields): AccessConfigHeader => ({
  accessKey: need(ext, "accessKey"), secretKey: ext.secretKey, whiteRemoteAddress: ext.whiteRemoteAddress,
  admin: optBool(ext, "admin", false), defaultTopicPerm: ext.defaultTopicPerm, defaultGroupPerm: ext.defaultGroupPerm,
  topicPerms: ext.topicPerms, groupPerms: ext.groupPerms,
});

export const encodeDeleteAccessConfigHeader = (accessKey: string): ExtFieldsInit => ({ accessKey });

export const decodeDeleteAccessConfigHeader = (ext: ExtFields): string => need(ext, "accessKey");

export interface GlobalWhiteAddrsHeader {
  globalWhiteAddrs: string;
  aclFileFullPath: string | undefined;
}

export const encodeGlobalWhiteAddrsHeader = (h: GlobalWhiteAddrsHeader): ExtFieldsInit =>
  ({ globalWhiteAddrs: h.globalWhiteAddrs, aclFileFullPath: h.aclFileFullPath });

export const decodeGlobalWhiteAddrsHeader = (ext: ExtFields): GlobalWhiteAddrsHeader =>
  ({ globalWhiteAddrs: need(ext, "globalWhiteAddrs"), aclFileFullPath: blankless(ext.aclFileFullPath) });

export interface AclVersionInfo {
  /** JSON text, DataVersion. */
  version: string;
  /** JSON text: aclFile → DataVersion. */
  allAclFileVersion: string;
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
}

export const encodeAclVersionInfo = (v: AclVersionInfo): ExtFieldsInit => ({ ...v });

export const decodeAclVersionInfo = (ext: ExtFields): AclVersionInfo => ({
  version: ext.version ?? "{}", allAclFileVersion: ext.allAclFileVersion ?? "{}",
  brokerName: ext.brokerName ?? "", brokerAddr: ext.brokerAddr ?? "", clusterName: ext.clusterName ?? "",
});

/** The header of AUTH_CREATE/UPDATE/DELETE/GET_USER; the name untrimmed, as sent. */
export const encodeAuthUserHeader = (username: string): ExtFieldsInit => ({ username });
export const decodeAuthUserHeader = (ext: ExtFields): string | undefined => ext.username;

export const encodeListUsersHeader = (filter: string | undefined): ExtFieldsInit => ({ filter });
export const decodeListUsersHeader = (ext: ExtFields): string => ext.filter ?? "";

/** The header of AUTH_CREATE/UPDATE/GET_ACL. */
export const encodeAuthAclHeader = (subject: string): ExtFieldsInit => ({ subject });
export const decodeAuthAclHeader = (ext: ExtFields): string | undefined => ext.subject;

export interface DeleteAclHeader {
  subject: string | undefined;
  policyType: string | undefined;
  resource: string | undefined;
}

export const encodeDeleteAclHeader = (h: DeleteAclHeader): ExtFieldsInit => ({ subject: h.subject, policyType: h.policyType, resource: h.resource });
export const decodeDeleteAclHeader = (ext: ExtFields): DeleteAclHeader =>
  ({ subject: ext.subject, policyType: blankless(ext.policyType), resource: blankless(ext.resource) });

export interface ListAclsHeader {
  subjectFilter: string | undefined;
  resourceFilter: string | undefined;
}

export const encodeListAclsHeader = (h: ListAclsHeader): ExtFieldsInit => ({ subjectFilter: h.subjectFilter, resourceFilter: h.resourceFilter });
export const decodeListAclsHeader = (ext: ExtFields): ListAclsHeader => ({ subjectFilter: ext.subjectFilter, resourceFilter: ext.resourceFilter });
