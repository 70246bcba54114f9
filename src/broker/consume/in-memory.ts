// RocketMQ's hot/cold line: commitlog bytes within accessMessageInMemoryMaxRatio % of the machine's
// RAM of the commitlog's end count as in memory (page cache); a read further back is from disk.
// A pull that reads from disk is sent to a slave (slaveReadEnable); a new group's first offset
// query answers 0 only while the queue's first message is in memory.
import { totalmem } from "node:os";
import type { BrokerContext } from "../context.ts";

/** RocketMQ's default accessMessageInMemoryMaxRatio. */
const RATIO_PERCENT_DEFAULT = 40;

/** True when the record at physicalOffset lies more than the in-memory share behind the end. */
export function readsFromDisk(ctx: BrokerContext, physicalOffset: number): boolean {
  const ratio = ctx.options.accessMessageInMemoryMaxRatio ?? RATIO_PERCENT_DEFAULT;
  return ctx.store.maxPhysicalOffset() - physicalOffset > totalmem() * (ratio / 100);
}
