// A master that starts again takes back the consumer offsets its slaves advanced while it was
// gone (consumers pull from a slave and commit there during an outage), so a group does not
// consume again what it already consumed from the slave. RocketMQ 4.x keeps that promise only
// while the consumer process lives; 5.x's slave-acting-master reverse-syncs the same way.
//
// Runs once in start(), after the store opened and before any handler or registration, so a
// slave's metadata sync (which copies the master's offsets over its own) cannot run first: the
// NameServers name this broker's slaves (GET_BROKER_CLUSTER_INFO), each answers
// GET_ALL_CONSUMER_OFFSET, and an offset is raised where a slave's is higher (offsets only move
// forward). Bounded by timeoutMs per request; a NameServer or slave that does not answer is
// logged and skipped, never failing the start.
import {
  decodeClusterInfo,
  parseNamesrvAddrs,
  queueOffset,
  RequestCode,
  ResponseCode,
  type Logger,
} from "../../common/index.ts";
import { request, type RemotingClient } from "../../remoting/index.ts";
import type { MessageStore } from "../../store/index.ts";
import { offsetTableEntries, type OffsetTableEntry } from "./offset-table.ts";

export interface OffsetReclaimOptions {
  namesrvAddr: string;
  brokerName: string;
  client: RemotingClient;
  store: MessageStore;
  log: Logger;
  timeoutMs?: number;
}

/** Returns how many offsets were raised. */
export async function reclaimOffsetsFromSlaves(o: OffsetReclaimOptions): Promise<number> {
  const slaves = await slaveAddrs(o);
  let raised = 0;
  for (const addr of slaves) {
    try {
      const res = await o.client.invoke(addr, request(RequestCode.GET_ALL_CONSUMER_OFFSET, {}), o.timeoutMs ?? 3000);
      if (res.code !== ResponseCode.SUCCESS) throw new Error(`code ${res.code}: ${res.remark ?? ""}`);
      const n = raise(o.store, offsetTableEntries(res.body));
      if (n > 0) o.log.info("consumer offsets taken back from a slave", { slave: addr, raised: n });
      raised += n;
    } catch (e) {
      o.log.warn("could not read a slave's consumer offsets; they stay as this master has them", { slave: addr, error: String(e) });
    }
  }
  return raised;
}

async function slaveAddrs(o: OffsetReclaimOptions): Promise<string[]> {
  for (const ns of o.namesrvAddr ? parseNamesrvAddrs(o.namesrvAddr) : []) {
    try {
      const res = await o.client.invoke(ns, request(RequestCode.GET_BROKER_CLUSTER_INFO, {}), o.timeoutMs ?? 3000);
      if (res.code !== ResponseCode.SUCCESS) continue;
      const addrs = decodeClusterInfo(res.body).brokerAddrTable[o.brokerName]?.brokerAddrs ?? {};
      return Object.entries(addrs).filter(([id]) => Number(id) > 0).map(([, addr]) => addr);
    } catch {
      // the next NameServer
    }
  }
  return [];
}

/** Raises each stored offset that the slave has higher; returns how many. */
function raise(store: MessageStore, entries: OffsetTableEntry[]): number {
  const offsets = store.meta.consumerOffsets;
  let raised = 0;
  for (const e of entries) {
    const mine = offsets.query(e.group, e.topic, e.queueId);
    if (mine !== undefined && mine >= e.offset) continue;
    offsets.commit(e.group, e.topic, e.queueId, queueOffset(e.offset));
    raised++;
  }
  return raised;
}
