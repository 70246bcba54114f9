// ACL 1.0's rules as read from plain_acl.yml: the global white addresses and the accounts by
// access key. A resource map holds topics by name and groups as %RETRY%group.
import type { AddressMatcher } from "./remote-address.ts";

export interface PlainAccount {
  accessKey: string;
  /** Never logged or printed. */
  secretKey: string;
  /** A caller matching it needs no signature (RocketMQ's rule). */
  whiteRemoteAddress: AddressMatcher;
  admin: boolean;
  defaultTopicPerm: number;
  defaultGroupPerm: number;
  resources: ReadonlyMap<string, number>;
}

export interface PlainAclRules {
  globalWhiteRemoteAddresses: readonly AddressMatcher[];
  accounts: ReadonlyMap<string, PlainAccount>;
}
