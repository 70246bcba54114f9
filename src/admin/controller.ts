// The controller subcommands (mqadmin 5.x's getSyncStateSet, getControllerMetaData,
// getControllerConfig, updateControllerConfig, electMaster, cleanBrokerMetadata) and getBrokerEpoch, which asks the
// brokers of a group for their epoch files. Controller addresses are ';'-separated as mqadmin's -a.
import {
  decodeControllerMetaData, encodeCleanBrokerDataHeader, encodeElectMasterHeader, jsonBody, parseBody, readEpochEntryCache, readMasterInfo, readReplicasInfoTable, RequestCode,
  type ControllerMetaData, type EpochEntryCache, type MasterInfo, type ReplicasInfo,
} from "../common/index.ts";
import { brokersOfCluster, clusterInfo } from "./cluster.ts";
import { invokeOk, type AdminContext } from "./context.ts";

export const controllerAddrsOf = (a: string): string[] => a.split(";").map((s) => s.trim()).filter(Boolean);

/** The groups' SyncStateSets; brokerNames from -b, or every group of cluster -c (the NameServer says). */
export async function syncStateSets(ctx: AdminContext, controllerAddr: string, target: { brokerName?: string; cluster?: string }): Promise<Record<string, ReplicasInfo>> {
  const names = target.brokerName !== undefined ? [target.brokerName] : brokersOfCluster(await clusterInfo(ctx), target.cluster ?? "").map((b) => b.brokerName);
  const res = await invokeOk(ctx, controllerAddr, RequestCode.CONTROLLER_GET_SYNC_STATE_DATA, undefined, jsonBody(names));
  return readReplicasInfoTable(parseBody(res.body));
}

export type { ControllerMetaData };

export async function controllerMetaData(ctx: AdminContext, controllerAddr: string): Promise<ControllerMetaData> {
  return decodeControllerMetaData((await invokeOk(ctx, controllerAddr, RequestCode.CONTROLLER_GET_METADATA_INFO)).extFields);
}

/** Each controller's configuration as .properties text. */
export async function controllerConfigs(ctx: AdminContext, controllerAddrs: string[]): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const addr of controllerAddrs) {
    const res = await invokeOk(ctx, addr, RequestCode.GET_CONTROLLER_CONFIG);
    out.push([addr, new TextDecoder().decode(res.body ?? new Uint8Array(0))]);
  }
  return out;
}

export async function updateControllerConfig(ctx: AdminContext, controllerAddrs: string[], key: string, value: string): Promise<void> {
  for (const addr of controllerAddrs) await invokeOk(ctx, addr, RequestCode.UPDATE_CONTROLLER_CONFIG, undefined, new TextEncoder().encode(`${key}=${value}\n`));
}

export interface ElectResult {
  info: MasterInfo;
  brokerAddrs: Record<string, string>;
  syncStateSet: number[];
}

/** electMaster: makes brokerId the group's master (it must be alive and in the SyncStateSet). */
export async function electMaster(ctx: AdminContext, controllerAddr: string, clusterName: string, brokerName: string, brokerId: number): Promise<ElectResult> {
  const res = await invokeOk(ctx, controllerAddr, RequestCode.CONTROLLER_ELECT_MASTER,
    encodeElectMasterHeader({ clusterName, brokerName, brokerId, designateElect: true }));
  const body = parseBody(res.body) as { brokerMemberGroup?: { brokerAddrs?: Record<string, string> }; syncStateSet?: number[] } | undefined;
  return { info: readMasterInfo(res.extFields), brokerAddrs: body?.brokerMemberGroup?.brokerAddrs ?? {}, syncStateSet: body?.syncStateSet ?? [] };
}

export interface CleanBrokerMetadata {
  clusterName?: string;
  brokerName: string;
  /** "1;2;3"; absent: the whole group. */
  brokerControllerIdsToClean?: string;
  cleanLivingBroker: boolean;
}

/** cleanBrokerMetadata: CLEAN_BROKER_DATA to the active controller (as mqadmin, it asks controllerAddr who that is). */
export async function cleanBrokerMetadata(ctx: AdminContext, controllerAddr: string, c: CleanBrokerMetadata): Promise<void> {
  const leader = (await controllerMetaData(ctx, controllerAddr)).controllerLeaderAddress || controllerAddr;
  const header = encodeCleanBrokerDataHeader({
    brokerName: c.brokerName, clusterName: c.clusterName, brokerControllerIdsToClean: c.brokerControllerIdsToClean, isCleanLivingBroker: c.cleanLivingBroker,
  });
  await invokeOk(ctx, leader, RequestCode.CLEAN_BROKER_DATA, header);
}

/** getBrokerEpoch: the epoch cache of every broker of group -b, or of every group of cluster -c. */
export async function brokerEpochs(ctx: AdminContext, target: { brokerName?: string; cluster?: string }): Promise<Array<[string, EpochEntryCache]>> {
  const info = await clusterInfo(ctx);
  const groups = target.brokerName !== undefined ? [info.brokerAddrTable[target.brokerName]].filter((b) => b !== undefined) : brokersOfCluster(info, target.cluster ?? "");
  const out: Array<[string, EpochEntryCache]> = [];
  for (const group of groups) {
    for (const addr of Object.values(group.brokerAddrs)) {
      out.push([addr, readEpochEntryCache(parseBody((await invokeOk(ctx, addr, RequestCode.GET_BROKER_EPOCH_CACHE)).body))]);
    }
  }
  return out;
}
