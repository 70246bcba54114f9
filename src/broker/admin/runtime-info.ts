// GET_BROKER_RUNTIME_INFO (28): no header; body KVTable {"table":{...}}, every value a string.
// Only keys mq can fill honestly.
//   brokerVersionDesc brokerVersion bootTimestamp runtime
//   msgPutTotal{YesterdayMorning,TodayMorning,TodayNow} msgGetTotal{...}  (counted since boot)
//   putTps getTransferedTps getTransferredTps             "10s 60s 600s" averages (4.x's spelling and 5.x's)
//   brokerActive                                          "true" on a master (5.x: serving writes), as
//                                                         the 5.x mqadmin's clusterList #ACTIVATED reads
//   pageCacheLockTimeMills                                "0": mq's writer holds no page-cache lock to wait on
//   putMessageTimesTotal putMessageSizeTotal putMessageAverageSize
//   commitLogMinOffset commitLogMaxOffset dispatchBehindBytes commitLogDirCapacity
//   commitLogDiskRatio commitLogDiskRatio_<dir> consumeQueueDiskRatio
//                                                         fractions of the disk in use, "0.24", as
//                                                         RocketMQ's DefaultMessageStore.getRuntimeInfo
//   earliestMessageTimeStamp                              store time of the oldest record kept
//   brokerRole                                            ASYNC_MASTER | SYNC_MASTER | SLAVE (mq's key)
//   haConnectionCount inSyncSlaveNums slaveFallBehindMuch slaveFallBehindSeconds haMasterAddress
//   haClientState                                         replication (mq's keys: replication.ts)
//   {send,pull,query}ThreadPoolQueue{Size,Capacity,HeadWaitTimeMills}
//   EndTransactionQueueSize EndTransactionThreadPoolQueueCapacity
//                                                         requests waiting to start (request-kinds.ts)
import { statfsSync } from "node:fs";
import { decodeRecord, encodeKVTable, REMOTING_VERSION, ResponseCode, type KVTable } from "../../common/index.ts";
import { reply, type Handler, type RequestQueueStats } from "../../remoting/index.ts";
import type { StoreDiskUsage } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import type { RuntimeStats } from "./runtime-stats.ts";

/** MQVersion name of REMOTING_VERSION. */
const VERSION_DESC = "V4_9_8";

export function runtimeInfo(
  ctx: BrokerContext, stats: RuntimeStats, bootMs: number, rootDir: string,
  requestQueue: (kind: string) => RequestQueueStats | undefined = () => undefined,
): Handler {
  return () => {
    const info = ctx.store.runtimeInfo();
    const table: KVTable = {
      brokerVersionDesc: VERSION_DESC,
      brokerVersion: String(REMOTING_VERSION),
      bootTimestamp: String(bootMs),
      runtime: runtimeText(Date.now() - bootMs),
      msgPutTotalYesterdayMorning: String(stats.morning.putYesterday),
      msgPutTotalTodayMorning: String(stats.morning.putToday),
      msgPutTotalTodayNow: String(info.putMessageTimesTotal),
      msgGetTotalYesterdayMorning: String(stats.morning.getYesterday),
      msgGetTotalTodayMorning: String(stats.morning.getToday),
      msgGetTotalTodayNow: String(info.getMessageTimesTotal),
      putTps: stats.tps("puts"),
      getTransferedTps: stats.tps("gets"),
      getTransferredTps: stats.tps("gets"),
      brokerActive: String(ctx.options.brokerRole !== "SLAVE"),
      pageCacheLockTimeMills: "0",
      putMessageTimesTotal: String(info.putMessageTimesTotal),
      putMessageSizeTotal: String(info.putMessageSizeTotal),
      putMessageAverageSize: String(
        info.putMessageTimesTotal === 0 ? 0 : info.putMessageSizeTotal / info.putMessageTimesTotal,
      ),
      commitLogMinOffset: String(info.commitLogMinOffset),
      commitLogMaxOffset: String(info.commitLogMaxOffset),
      dispatchBehindBytes: String(info.dispatchBehindBytes),
      ...diskRatios(ctx.store.diskUsage()),
      ...queueKeys(requestQueue),
      brokerRole: ctx.options.brokerRole,
      ...ctx.replication?.runtimeKeys?.(),
    };
    const earliest = earliestMessageTime(ctx);
    if (earliest !== undefined) table.earliestMessageTimeStamp = String(earliest);
    const capacity = dirCapacity(rootDir);
    if (capacity !== undefined) table.commitLogDirCapacity = capacity;
    return reply(ResponseCode.SUCCESS, { body: encodeKVTable(table) });
  };
}

/** RocketMQ's thread-pool queue keys, for the kinds the broker has. */
function queueKeys(requestQueue: (kind: string) => RequestQueueStats | undefined): KVTable {
  const table: KVTable = {};
  for (const kind of ["send", "pull", "query"]) {
    const q = requestQueue(kind);
    if (q === undefined) continue;
    table[`${kind}ThreadPoolQueueSize`] = String(q.size);
    table[`${kind}ThreadPoolQueueCapacity`] = String(q.capacity);
    table[`${kind}ThreadPoolQueueHeadWaitTimeMills`] = String(q.headWaitMs);
  }
  const endTransaction = requestQueue("endTransaction");
  if (endTransaction !== undefined) {
    table.EndTransactionQueueSize = String(endTransaction.size);
    table.EndTransactionThreadPoolQueueCapacity = String(endTransaction.capacity);
  }
  return table;
}

/** The disk keys, with the value as Java's String.valueOf(double) writes it ("0.24", "1.0", "-1.0"). */
function diskRatios(usage: StoreDiskUsage): KVTable {
  const javaDouble = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
  return {
    [`commitLogDiskRatio_${usage.commitLogDir}`]: javaDouble(usage.commitLogUsedRatio),
    commitLogDiskRatio: javaDouble(usage.commitLogUsedRatio),
    consumeQueueDiskRatio: javaDouble(usage.consumeQueueUsedRatio),
  };
}

/** RocketMQ's "[ 0 days, 1 hours, 2 minutes, 3 seconds ]". */
export function runtimeText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `[ ${Math.floor(s / 86400)} days, ${Math.floor(s / 3600) % 24} hours, ` +
    `${Math.floor(s / 60) % 60} minutes, ${s % 60} seconds ]`;
}

function dirCapacity(dir: string): string | undefined {
  try {
    const fs = statfsSync(dir);
    const gib = (blocks: number): string => `${((blocks * fs.bsize) / 1024 ** 3).toFixed(2)} GiB`;
    return `Total : ${gib(fs.blocks)}, Free : ${gib(fs.bavail)}.`;
  } catch {
    return undefined;
  }
}

/** Store time of the first record still in the commitlog, undefined when it is empty. */
export function earliestMessageTime(ctx: Pick<BrokerContext, "store">): number | undefined {
  const { store } = ctx;
  if (store.maxPhysicalOffset() <= store.minPhysicalOffset()) return undefined;
  const record = store.recordAt(store.minPhysicalOffset());
  return record === undefined ? undefined : decodeRecord(record).storeTimestamp;
}
