// A controller-mode broker's log before it serves (RocketMQ 5's AutoSwitchHAService handshake,
// done over the remoting port with GET_BROKER_EPOCH_CACHE instead of the HA socket):
// - a master records its new epoch as starting at its log's end (recovery already cut the log at
//   its last whole record);
// - a slave asks its master's epoch cache, cuts its own log where the two part (truncationPoint),
//   and takes the master's epochs as its own, so it never serves or passes on a record the master
//   never had. The HA slave's compare of its tail with the master's bytes checks the cut again.
// Also the handlers of the two codes the controller-mode broker answers.
import {
  jsonBody, parseBody, physicalOffset, readEpochEntryCache, readMasterInfo, readSyncStateSet, RequestCode, ResponseCode,
  type EpochEntryCache, type Logger, type MasterInfo, type SyncStateSet,
} from "../../common/index.ts";
import { reply, request, type RemotingClient } from "../../remoting/index.ts";
import type { MessageStore } from "../../store/index.ts";
import type { HandlerRegistry } from "../context.ts";
import { truncationPoint, type EpochFile } from "./epoch-file.ts";

export interface ReplicaLogInput {
  store: MessageStore;
  epochFile: EpochFile;
  masterEpoch: number;
  master: boolean;
  /** Slave: the master's remoting address (none known: the log is left as it is). */
  masterAddr?: string;
  client: RemotingClient;
  log: Logger;
}

export async function prepareReplicaLog(o: ReplicaLogInput): Promise<void> {
  const { store, epochFile } = o;
  const end = store.maxPhysicalOffset();
  epochFile.truncateAfter(end);
  if (o.master) {
    epochFile.append(o.masterEpoch, end);
    o.log.info("epoch begins", { epoch: o.masterEpoch, startOffset: end });
    return;
  }
  if (o.masterAddr === undefined) return;
  const master = await masterEpochs(o.client, o.masterAddr);
  const cut = truncationPoint(epochFile.withEnds(end), master.epochList);
  if (cut !== undefined && cut < end) {
    const to = Math.max(cut, store.minPhysicalOffset());
    const bytes = await store.truncate(physicalOffset(to));
    o.log.warn("log truncated to where it and the master's part: the records past it were never the master's", {
      master: o.masterAddr, truncatedTo: to, cutBytes: bytes,
    });
  }
  epochFile.replace(master.epochList.filter((e) => e.startOffset <= master.maxOffset).map(({ epoch, startOffset }) => ({ epoch, startOffset })));
}

/** How long a slave waits for a new master to serve (it restarts in its new role as the slaves do). */
const MASTER_WAIT_MS = 5000;

/** The master's epoch cache; asked again every 100 ms while it is not up or not yet master. */
async function masterEpochs(client: RemotingClient, addr: string): Promise<EpochEntryCache> {
  const deadline = Date.now() + MASTER_WAIT_MS;
  for (;;) {
    let why: string;
    try {
      const res = await client.invoke(addr, request(RequestCode.GET_BROKER_EPOCH_CACHE, {}), 3000);
      if (res.code === ResponseCode.SUCCESS) return readEpochEntryCache(parseBody(res.body));
      why = `it answered GET_BROKER_EPOCH_CACHE with ${res.code}: ${res.remark ?? ""}`;
    } catch (e) {
      why = String(e);
    }
    if (Date.now() > deadline) throw new Error(`cannot compare epochs with the master ${addr}: ${why}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ReplicaHandlersInput {
  brokerClusterName: string;
  brokerName: string;
  controllerRole?: {
    brokerId: number;
    epochFile: EpochFile;
    /** NOTIFY_BROKER_ROLE_CHANGED: the controller's word on the group's master. */
    onRoleChanged: (info: MasterInfo, syncStateSet: SyncStateSet) => void;
  };
}

/** GET_BROKER_EPOCH_CACHE and NOTIFY_BROKER_ROLE_CHANGED, for a broker in controller mode (else none). */
export function registerReplicaHandlers(server: HandlerRegistry, o: ReplicaHandlersInput, store: MessageStore): void {
  const role = o.controllerRole;
  if (role === undefined) return;
  server.register(RequestCode.GET_BROKER_EPOCH_CACHE, () => {
    const maxOffset = store.maxPhysicalOffset();
    const body: EpochEntryCache = {
      clusterName: o.brokerClusterName, brokerName: o.brokerName, brokerId: role.brokerId, epochList: role.epochFile.withEnds(maxOffset), maxOffset,
    };
    return reply(ResponseCode.SUCCESS, { body: jsonBody(body) });
  });
  server.register(RequestCode.NOTIFY_BROKER_ROLE_CHANGED, (req) => {
    role.onRoleChanged(readMasterInfo(req.extFields), readSyncStateSet(parseBody(req.body ?? jsonBody({}))));
    return reply(ResponseCode.SUCCESS);
  });
}
