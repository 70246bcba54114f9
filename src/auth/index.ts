// Access control on the remoting wire: ACL 1.0 (plain_acl.yml) checked before each request.
export { ACL_EXCEPTION, plainAclGuard, type AclGuardOptions, type RequestGuard } from "./acl-guard.ts";
export { ACL_FILE_POLL_MS_DEFAULT, aclDirPath, aclFilePath, PlainAclSource } from "./plain-acl-source.ts";
export { AclFileError, parsePlainAcl } from "./plain-acl-file.ts";
export { checkPlainAcl, type AclRequest, type AclVerdict } from "./plain-acl-check.ts";
export type { PlainAccount, PlainAclRules } from "./plain-acl-rules.ts";
export { Perm, parsePerm, grants, retryTopic } from "./permission.ts";
export { addressMatcher, callerIp, type AddressMatcher } from "./remote-address.ts";
export { requestResources, type ResourceNeeds } from "./request-resources.ts";
export { upsertAccount, removeAccount, withGlobalWhiteAddresses, type AccessConfigChange, type AclDocument } from "./plain-acl-edit.ts";
export type { AclDataVersion } from "./plain-acl-source.ts";
export { authGuard, type AuthGuardOptions } from "./auth-guard.ts";
export { authenticate, authorize, verifyPassword, type AuthVerdict, type AuthorizeInput } from "./acl2-check.ts";
export { accessNeeds, type AccessNeed } from "./acl2-contexts.ts";
export { covers, ipInRange, isSourceIp, parseResource, resourceKey, specificity, type Resource } from "./acl2-resource.ts";
