// Store upkeep and inspection on brokers: cleanExpiredCQ (306), cleanUnusedTopic (316),
// deleteExpiredCommitLog (329) on -b's broker, -c's masters or, with neither, every master of every
// cluster (as mqadmin); queryCq (321) on one queue.
import { MASTER_ID, RequestCode, ResponseCode, asFields, encodeQueryConsumeQueueHeader, parseBody } from "../common/index.ts";
import { clusterInfo, masterAddrsOfCluster } from "./cluster.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";
import { topicRoute } from "./topic.ts";

export type UpkeepCode = typeof RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE | typeof RequestCode.CLEAN_UNUSED_TOPIC | typeof RequestCode.DELETE_EXPIRED_COMMITLOG;

/** Sends the code to the targets; returns the addresses that did it. */
export async function brokerUpkeep(ctx: AdminContext, code: UpkeepCode, target: BrokerTarget): Promise<string[]> {
  const run = async (addr: string) => {
    await invokeOk(ctx, addr, code);
    return addr;
  };
  if (target.brokerAddr !== undefined || target.cluster !== undefined) return eachTarget(ctx, target, run);
  const info = await clusterInfo(ctx);
  const addrs = Object.keys(info.clusterAddrTable).sort().flatMap((c) => masterAddrsOfCluster(info, c));
  if (addrs.length === 0) throw new AdminError(ResponseCode.SYSTEM_ERROR, "no broker has registered with the name server", "");
  for (const addr of addrs) await run(addr);
  return addrs;
}

export interface ConsumeQueueEntry {
  physicOffset: number;
  physicSize: number;
  tagsCode: number;
  extendDataJson?: string;
  bitMap?: string;
  eval: boolean;
  msg?: string;
}

export interface ConsumeQueueView {
  brokerAddr: string;
  maxQueueIndex: number;
  minQueueIndex: number;
  queueData: ConsumeQueueEntry[];
  subscriptionData?: unknown;
  filterData?: string;
}

/** A queue's entries from index (count of them), on -b's broker or the topic's first master. */
export async function queryConsumeQueue(
  ctx: AdminContext, q: { topic: string; queueId: number; index: number; count: number; brokerAddr?: string; consumerGroup?: string },
): Promise<ConsumeQueueView> {
  let addr = q.brokerAddr;
  if (addr === undefined) {
    addr = (await topicRoute(ctx, q.topic)).brokerDatas[0]?.brokerAddrs[String(MASTER_ID)];
    if (addr === undefined) throw new AdminError(ResponseCode.TOPIC_NOT_EXIST, `No topic route data! topic ${q.topic} has no master broker`, "");
  }
  const ext = encodeQueryConsumeQueueHeader({ topic: q.topic, queueId: q.queueId, index: q.index, count: q.count, consumerGroup: q.consumerGroup });
  const o = asFields(parseBody((await invokeOk(ctx, addr, RequestCode.QUERY_CONSUME_QUEUE, ext)).body), "QueryConsumeQueueResponseBody");
  const list = Array.isArray(o.queueData) ? o.queueData : [];
  return {
    brokerAddr: addr,
    maxQueueIndex: Number(o.maxQueueIndex ?? 0),
    minQueueIndex: Number(o.minQueueIndex ?? 0),
    queueData: list.map((e) => {
      const f = asFields(e, "ConsumeQueueData");
      return {
        physicOffset: Number(f.physicOffset ?? 0), physicSize: Number(f.physicSize ?? 0), tagsCode: Number(f.tagsCode ?? 0),
        extendDataJson: f.extendDataJson === undefined ? undefined : String(f.extendDataJson),
        bitMap: f.bitMap === undefined ? undefined : String(f.bitMap), eval: f.eval === true,
        msg: f.msg === undefined ? undefined : String(f.msg),
      };
    }),
    subscriptionData: o.subscriptionData,
    filterData: o.filterData === undefined ? undefined : String(o.filterData),
  };
}
