// Changes to plain_acl.yml made by the 4.x ACL admin codes (UPDATE_AND_CREATE_ACL_CONFIG,
// DELETE_ACL_CONFIG, UPDATE_GLOBAL_WHITE_ADDRS_CONFIG), on the file's YAML document so keys mq does
// not read stay. As RocketMQ's createAclAccessConfigMap: an update keeps what it does not name;
// admin is always set.
export type AclDocument = Record<string, unknown>;

/** The fields of CreateAccessConfigRequestHeader; undefined = keep. */
export interface AccessConfigChange {
  accessKey: string;
  secretKey?: string;
  whiteRemoteAddress?: string;
  admin: boolean;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  topicPerms?: string[];
  groupPerms?: string[];
}

const accountsOf = (doc: AclDocument): Array<Record<string, unknown>> =>
  Array.isArray(doc.accounts) ? (doc.accounts as Array<Record<string, unknown>>) : [];

const keyOf = (account: Record<string, unknown>): string => String(account.accessKey ?? "");

/** A new document with the account created, or updated in place. */
export function upsertAccount(doc: AclDocument, change: AccessConfigChange): AclDocument {
  const accounts = accountsOf(doc).map((a) => ({ ...a }));
  let account = accounts.find((a) => keyOf(a) === change.accessKey);
  if (account === undefined) {
    account = { accessKey: change.accessKey };
    accounts.push(account);
  }
  const fields = ["secretKey", "whiteRemoteAddress", "defaultTopicPerm", "defaultGroupPerm", "topicPerms", "groupPerms"] as const;
  for (const field of fields) if (change[field] !== undefined) account[field] = change[field];
  account.admin = change.admin;
  return { ...doc, accounts };
}

/** A new document without the account, or undefined when there is none of that key. */
export function removeAccount(doc: AclDocument, accessKey: string): AclDocument | undefined {
  const accounts = accountsOf(doc);
  const kept = accounts.filter((a) => keyOf(a) !== accessKey);
  return kept.length === accounts.length ? undefined : { ...doc, accounts: kept };
}

export function withGlobalWhiteAddresses(doc: AclDocument, addresses: string[]): AclDocument {
  return { ...doc, globalWhiteRemoteAddresses: addresses };
}
