// ACL 1.0 (plain_acl.yml) as the ACL page shows it: each broker's file version
// (GET_BROKER_CLUSTER_ACL_INFO, 52), and its accounts where the broker lists them
// (GET_BROKER_CLUSTER_ACL_CONFIG, 54: RocketMQ up to 4.9.7; 4.9.8, 5.x and mq do not serve it).
// The reply of 54 holds every secret key: they are dropped here and never reach a page.
import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  aclConfigVersions, AdminError, clusterInfo, deleteAclConfig, invokeOk, masterAddrsOfCluster, updateAclConfig,
  type AccessConfig, type AclVersionRow, type AdminContext,
} from "../../admin/index.ts";
import { ResponseCode } from "../../common/index.ts";

const GET_BROKER_CLUSTER_ACL_CONFIG = 54;

/** An account without its secret. */
export interface PlainAccountView {
  accessKey: string;
  whiteRemoteAddress: string;
  admin: boolean;
  defaultTopicPerm: string;
  defaultGroupPerm: string;
  topicPerms: string[];
  groupPerms: string[];
}

export interface PlainAclView {
  acl: "1.0";
  cluster: string;
  versions: AclVersionRow[];
  /** Absent when no broker lists them (then accountsNote says why). */
  accounts?: PlainAccountView[];
  globalWhiteAddrs?: string[];
  accountsNote?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const text = (v: unknown): string => (typeof v === "string" ? v : "");

type Accounts = { accounts: PlainAccountView[]; globalWhiteAddrs: string[] };

/** The accounts of a GetBrokerClusterAclConfigResponseBody, secrets left out. */
export function accountsOf(body: Uint8Array | undefined): Accounts {
  const doc = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array())) as Record<string, unknown>;
  return accountsIn(doc.plainAccessConfigs, doc.globalWhiteAddrs);
}

/** The accounts of a plain_acl.yml (the console beside its broker reads the file), secrets left out. */
export function accountsOfFile(file: string): Accounts {
  const doc = (Bun.YAML.parse(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  return accountsIn(doc.accounts, doc.globalWhiteRemoteAddresses);
}

function accountsIn(list: unknown, globals: unknown): Accounts {
  const configs = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
  return {
    globalWhiteAddrs: strings(globals),
    accounts: configs.map((a) => ({
      accessKey: text(a.accessKey), whiteRemoteAddress: text(a.whiteRemoteAddress), admin: a.admin === true || a.admin === "true",
      defaultTopicPerm: text(a.defaultTopicPerm), defaultGroupPerm: text(a.defaultGroupPerm),
      topicPerms: strings(a.topicPerms), groupPerms: strings(a.groupPerms),
    })),
  };
}

/** localFile: the plain_acl.yml of the broker this console runs beside, read when no broker lists its accounts. */
export async function loadPlainAcl(admin: AdminContext, cluster: string, localFile?: string): Promise<PlainAclView> {
  const versions = await aclConfigVersions(admin, { cluster });
  const [addr] = masterAddrsOfCluster(await clusterInfo(admin), cluster);
  if (addr === undefined) return { acl: "1.0", cluster, versions, accountsNote: `cluster ${cluster} has no master broker` };
  try {
    return { acl: "1.0", cluster, versions, ...accountsOf((await invokeOk(admin, addr, GET_BROKER_CLUSTER_ACL_CONFIG)).body) };
  } catch (e) {
    if (!(e instanceof AdminError) || e.code !== ResponseCode.REQUEST_CODE_NOT_SUPPORTED) throw e;
    if (localFile !== undefined) {
      return { acl: "1.0", cluster, versions, ...accountsOfFile(localFile), accountsNote: `read from ${localFile}, the file of the broker beside this console` };
    }
    return {
      acl: "1.0", cluster, versions,
      accountsNote: `${addr} does not list its accounts over the wire (RocketMQ 4.9.8 and later, and mq, do not serve ` +
        "GET_BROKER_CLUSTER_ACL_CONFIG): read plain_acl.yml on the broker; accounts can still be created, updated and deleted here",
    };
  }
}

/** A list as JSON sends it, or as a form field does ("a,b"). */
export const commaList = z.union([z.array(z.string()), z.string().transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))]);
const PERM = z.enum(["PUB", "SUB", "PUB|SUB", "SUB|PUB", "DENY"]);
const RESOURCE_PERMS = z.array(z.string().regex(/^[%|a-zA-Z0-9_-]+=(PUB|SUB|PUB\|SUB|SUB\|PUB|DENY)$/, "name=PUB, name=SUB, name=PUB|SUB or name=DENY"));

export const AccountBody = z.object({
  accessKey: z.string().trim().min(6, "an access key has at least 6 characters (RocketMQ's rule)").max(255),
  secretKey: z.string().min(6, "a secret key has at least 6 characters (RocketMQ's rule)").max(1024).optional(),
  whiteRemoteAddress: z.string().max(1024).optional(),
  admin: z.boolean().default(false),
  defaultTopicPerm: PERM.optional(),
  defaultGroupPerm: PERM.optional(),
  topicPerms: commaList.pipe(RESOURCE_PERMS).optional(),
  groupPerms: commaList.pipe(RESOURCE_PERMS).optional(),
  cluster: z.string().optional(),
});

export function putAccount(admin: AdminContext, body: z.infer<typeof AccountBody>, cluster: string): Promise<string[]> {
  const { cluster: _, ...config } = body;
  const account: AccessConfig = config;
  return updateAclConfig(admin, account, { cluster });
}

export const deleteAccount = (admin: AdminContext, accessKey: string, cluster: string): Promise<string[]> =>
  deleteAclConfig(admin, accessKey, { cluster });
