// The 4.x ACL admin operations (mqadmin updateAclConfig, deleteAclConfig, updateGlobalWhiteAddr,
// clusterAclConfigVersion): one request per target broker, which edits its plain_acl.yml.
import {
  decodeAclVersionInfo, encodeAccessConfigHeader, encodeDeleteAccessConfigHeader, encodeGlobalWhiteAddrsHeader,
} from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

const CODES = { UPDATE: 50, DELETE: 51, VERSION: 52, GLOBALS: 53 } as const;

/** An account as UPDATE_AND_CREATE_ACL_CONFIG carries it; left-out fields stay as they are. */
export interface AccessConfig {
  accessKey: string;
  secretKey?: string;
  whiteRemoteAddress?: string;
  admin?: boolean;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  topicPerms?: string[];
  groupPerms?: string[];
}

export interface AclVersionRow {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  aclFile: string;
  counter: number;
  timestampMs: number;
}

/** Resolves to the brokers changed. */
export function updateAclConfig(ctx: AdminContext, config: AccessConfig, target: BrokerTarget): Promise<string[]> {
  const ext = encodeAccessConfigHeader({
    accessKey: config.accessKey, secretKey: config.secretKey, whiteRemoteAddress: config.whiteRemoteAddress,
    admin: config.admin ?? false, defaultTopicPerm: config.defaultTopicPerm, defaultGroupPerm: config.defaultGroupPerm,
    topicPerms: config.topicPerms?.join(","), groupPerms: config.groupPerms?.join(","),
  });
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, CODES.UPDATE, ext), addr));
}

export function deleteAclConfig(ctx: AdminContext, accessKey: string, target: BrokerTarget): Promise<string[]> {
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, CODES.DELETE, encodeDeleteAccessConfigHeader(accessKey)), addr));
}

export function updateGlobalWhiteAddrs(
  ctx: AdminContext, addresses: string[], target: BrokerTarget, aclFileFullPath?: string,
): Promise<string[]> {
  const ext = encodeGlobalWhiteAddrsHeader({ globalWhiteAddrs: addresses.join(","), aclFileFullPath });
  return eachTarget(ctx, target, async (addr) => (await invokeOk(ctx, addr, CODES.GLOBALS, ext), addr));
}

export async function aclConfigVersions(ctx: AdminContext, target: BrokerTarget): Promise<AclVersionRow[]> {
  const perBroker = await eachTarget(ctx, target, async (addr) => {
    const f = decodeAclVersionInfo((await invokeOk(ctx, addr, CODES.VERSION)).extFields);
    const files = JSON.parse(f.allAclFileVersion) as Record<string, { counter?: number; timestamp?: number }>;
    return Object.entries(files).map(([aclFile, v]): AclVersionRow => ({
      clusterName: f.clusterName, brokerName: f.brokerName, brokerAddr: f.brokerAddr || addr,
      aclFile, counter: v.counter ?? 0, timestampMs: v.timestamp ?? 0,
    }));
  });
  return perBroker.flat();
}
