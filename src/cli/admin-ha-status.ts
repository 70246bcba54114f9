// `mq admin haStatus -b addr | -c cluster`: mqadmin 5.x's table of a master's slaves, or what a
// slave follows; mq adds the slave's state and, when it refused to follow, why.
import * as admin from "../admin/index.ts";
import type { HaRuntimeInfo } from "../common/index.ts";
import { str, UsageError, type Subcommand } from "./admin-options.ts";
import { formatDateMs, printf } from "./printf.ts";

export const haStatus: Subcommand = {
  name: "haStatus", description: "Fetch ha runtime status data", usage: "-b <brokerAddr> | -c <clusterName>",
  async run(ctx, o, io) {
    const target = { brokerAddr: str(o, "b"), cluster: str(o, "c") };
    if (target.brokerAddr === undefined && target.cluster === undefined) throw new UsageError("-b brokerAddr or -c clusterName is required");
    for (const [addr, info] of await admin.haStatus(ctx, target)) io.out(haStatusText(addr, info));
  },
};

export function haStatusText(addr: string, info: HaRuntimeInfo): string {
  if (info.master) {
    let text = printf("%n#MasterAddr\t%s%n#MasterCommitLogMaxOffset\t%d%n#SlaveNum\t%d%n#InSyncSlaveNum\t%d%n",
      addr, info.masterCommitLogMaxOffset, info.haConnectionInfo.length, info.inSyncSlaveNums);
    text += printf("%-32s  %-16s %16s %16s %16s %16s%n", "#SlaveAddr", "#SlaveAckOffset", "#Diff", "#TransferSpeed(KB/s)", "#Status", "#TransferFromWhere");
    for (const c of info.haConnectionInfo) {
      text += printf("%-32s  %-16d %16d %16.2f %16s %16d%n", c.addr, c.slaveAckOffset, c.diff, c.transferredByteInSecond / 1024,
        c.inSync ? "OK" : "Fall Behind", c.transferFromWhere);
    }
    return text;
  }
  const c = info.haClientRuntimeInfo;
  const time = (ms: number) => (ms > 0 ? formatDateMs(ms) : "N/A");
  let text = printf("%n#MasterAddr\t%s%n#CommitLogMaxOffset\t%d%n#TransferSpeed(KB/s)\t%.2f%n#LastReadTime\t%s%n#LastWriteTime\t%s%n#MasterFlushOffset\t%s%n",
    c.masterAddr, c.maxOffset, c.transferredByteInSecond / 1024, time(c.lastReadTimestamp), time(c.lastWriteTimestamp), c.masterFlushOffset);
  if (c.state !== undefined) text += printf("#State\t%s%n", c.state);
  if (c.reason !== undefined) text += printf("#Reason\t%s%n", c.reason);
  return text;
}
