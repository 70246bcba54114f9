// The `mq admin` subcommands: mqadmin's names, flags and tables, over the operations in src/admin.
// Each takes the parsed options and prints; a thrown error becomes "mq admin: ..." and exit 1.
import * as admin from "../admin/index.ts";
import { PERM_READ_WRITE, type KVTable } from "../common/index.ts";
import type { Options } from "./command.ts";
import { bool, int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { haStatus } from "./admin-ha-status.ts";
import { configSubcommands } from "./admin-config.ts";
import { consumeMessage } from "./admin-consume.ts";
import { exportSubcommands } from "./admin-export.ts";
import { groupSubcommands } from "./admin-groups.ts";
import { sendSubcommands } from "./admin-send.ts";
import { maintenanceSubcommands } from "./admin-maintenance.ts";
import { consumerSubcommands } from "./admin-consumers.ts";
import { messageSubcommands } from "./admin-messages.ts";
import { statsSubcommands } from "./admin-stats.ts";
import { controllerSubcommands } from "./admin-controller.ts";
import { aclSubcommands } from "./admin-acl.ts";
import { authSubcommands } from "./admin-auth.ts";
import { batchSubcommands } from "./admin-batch.ts";
import { startMonitoring } from "./admin-monitor.ts";
import { formatDateMs, printf } from "./printf.ts";

export { UsageError, type Subcommand } from "./admin-options.ts";

const target = (o: Options): admin.BrokerTarget => {
  const t = { brokerAddr: str(o, "b"), cluster: str(o, "c") };
  if (t.brokerAddr === undefined && t.cluster === undefined) throw new UsageError("-b brokerAddr or -c clusterName is required");
  return t;
};
const permText = (perm: number): string => `${perm & 4 ? "R" : "-"}${perm & 2 ? "W" : "-"}${perm & 1 ? "X" : "-"}`;

const updateTopic: Subcommand = {
  name: "updateTopic", description: "Update or create topic",
  usage: "-t <topic> (-b <brokerAddr> | -c <clusterName>) [-r <readQueueNums>] [-w <writeQueueNums>] [-p <perm>] [-o <order>] [-u <unit>] [-s <hasUnitSub>]",
  async run(ctx, o, io) {
    const t = admin.topicConfigOf(need(o, "t", "topic"), {
      readQueueNums: int(o, "r", 8), writeQueueNums: int(o, "w", 8), perm: int(o, "p", PERM_READ_WRITE),
      order: bool(o, "o", false), topicSysFlag: admin.topicSysFlagOf(bool(o, "u", false), bool(o, "s", false)),
    });
    for (const addr of await admin.updateTopic(ctx, t, target(o))) io.out(printf("create topic to %s success.%n", addr));
    io.out(`TopicConfig [topicName=${t.topicName}, readQueueNums=${t.readQueueNums}, writeQueueNums=${t.writeQueueNums}, ` +
      `perm=${permText(t.perm)}, topicFilterType=${t.topicFilterType}, topicSysFlag=${t.topicSysFlag}, order=${t.order}]\n`);
  },
};

const deleteTopic: Subcommand = {
  name: "deleteTopic", description: "Delete topic from broker and NameServer",
  usage: "-t <topic> -c <clusterName>",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const cluster = need(o, "c", "clusterName");
    await admin.deleteTopic(ctx, topic, cluster);
    io.out(printf("delete topic [%s] from cluster [%s] success.%n", topic, cluster));
    io.out(printf("delete topic [%s] from NameServer success.%n", topic));
  },
};

const topicList: Subcommand = {
  name: "topicList", description: "Fetch all topic list from name server", usage: "[-c]",
  async run(ctx, o, io) {
    if (o.c === undefined) {
      for (const t of await admin.topicList(ctx)) io.out(`${t}\n`);
      return;
    }
    io.out(printf("%-20s  %-48s  %-48s%n", "#Cluster Name", "#Topic", "#Consumer Group"));
    for (const r of await admin.topicListWithClusters(ctx)) io.out(printf("%-20s  %-48s  %-48s%n", r.cluster, r.topic, r.group));
  },
};

const topicRoute: Subcommand = {
  name: "topicRoute", description: "Examine topic route info", usage: "-t <topic>",
  async run(ctx, o, io) {
    io.out(`${JSON.stringify(await admin.topicRoute(ctx, need(o, "t", "topic")), null, 2)}\n`);
  },
};

const topicStatus: Subcommand = {
  name: "topicStatus", description: "Examine topic Status info", usage: "-t <topic>",
  async run(ctx, o, io) {
    const rows = await admin.topicStatus(ctx, need(o, "t", "topic"));
    io.out(printf("%-32s  %-4s  %-20s  %-20s    %s%n", "#Broker Name", "#QID", "#Min Offset", "#Max Offset", "#Last Updated"));
    for (const q of rows) {
      const updated = q.lastUpdateTimestamp > 0 ? formatDateMs(q.lastUpdateTimestamp) : "";
      io.out(printf("%-32s  %-4d  %-20d  %-20d    %s%n", q.brokerName, q.queueId, q.minOffset, q.maxOffset, updated));
    }
  },
};

const kvNum = (kv: KVTable | undefined, key: string): number => Number((kv?.[key] ?? "0").split(" ")[0]) || 0;

/** A slave row's lag, from its master's runtime info (its furthest slave: exact with one slave). */
function behindOf(row: admin.ClusterListRow, rows: admin.ClusterListRow[]): string {
  if (row.brokerId === 0) return "-";
  const master = rows.find((m) => m.cluster === row.cluster && m.brokerName === row.brokerName && m.brokerId === 0)?.runtime;
  const bytes = master?.slaveFallBehindMuch;
  return bytes === undefined ? "-" : `${bytes} B, ${master?.slaveFallBehindSeconds ?? "?"} s`;
}

const clusterList: Subcommand = {
  name: "clusterList", description: "List cluster infos", usage: "[-m] [-c <clusterName>]",
  async run(ctx, o, io) {
    const rows = await admin.clusterList(ctx, str(o, "c"));
    if (o.m !== undefined) {
      io.out(printf("%-16s  %-32s %14s %14s %14s %14s%n", "#Cluster Name", "#Broker Name", "#InTotalYest", "#OutTotalYest", "#InTotalToday", "#OutTotalToday"));
      for (const r of rows) {
        const k = (key: string) => kvNum(r.runtime, key);
        io.out(printf("%-16s  %-32s %14d %14d %14d %14d%n", r.cluster, r.brokerName,
          k("msgPutTotalTodayMorning") - k("msgPutTotalYesterdayMorning"), k("msgGetTotalTodayMorning") - k("msgGetTotalYesterdayMorning"),
          k("msgPutTotalTodayNow") - k("msgPutTotalTodayMorning"), k("msgGetTotalTodayNow") - k("msgGetTotalTodayMorning")));
      }
      return;
    }
    // mqadmin's columns; with slaves in the list, then mq's: each broker's role and, for a slave,
    // how far behind its master it is.
    const replicated = rows.some((r) => r.brokerId !== 0);
    const f = "%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s" + (replicated ? "  %-12s %s%n" : "%n");
    io.out(printf(f, "#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version", "#InTPS(LOAD)", "#OutTPS(LOAD)", "#PCWait(ms)", "#Hour", "#SPACE", "#Role", "#Behind"));
    for (const r of rows) {
      const kv = r.runtime;
      const earliest = kvNum(kv, "earliestMessageTimeStamp");
      const hour = earliest > 0 ? (Date.now() - earliest) / 3_600_000 : 0;
      const inTps = printf("%9.2f(%s,%sms)", kvNum(kv, "putTps"), kv?.sendThreadPoolQueueSize ?? "0", kv?.sendThreadPoolQueueHeadWaitTimeMills ?? "0");
      const outTps = printf("%9.2f(%s,%sms)", kvNum(kv, "getTransferedTps"), kv?.pullThreadPoolQueueSize ?? "0", kv?.pullThreadPoolQueueHeadWaitTimeMills ?? "0");
      io.out(printf(f, r.cluster, r.brokerName, r.brokerId, r.addr, kv?.brokerVersionDesc ?? "", inTps, outTps,
        kv?.pageCacheLockTimeMills ?? "", printf("%5.2f", hour), printf("%.4f", kvNum(kv, "commitLogDiskRatio")),
        kv?.brokerRole ?? "", behindOf(r, rows)));
      if (r.error) io.err(`mq admin: ${r.addr}: ${r.error}\n`);
    }
  },
};

const brokerStatus: Subcommand = {
  name: "brokerStatus", description: "Fetch broker runtime status data", usage: "-b <brokerAddr> | -c <clusterName>",
  async run(ctx, o, io) {
    const t = target(o);
    for (const [addr, kv] of await admin.brokerStatus(ctx, t)) {
      for (const key of Object.keys(kv).sort()) {
        io.out(t.brokerAddr !== undefined ? printf("%-32s: %s%n", key, kv[key] ?? "") : printf("%-24s %-32s: %s%n", addr, key, kv[key] ?? ""));
      }
    }
  },
};

const updateSubGroup: Subcommand = {
  name: "updateSubGroup", description: "Update or create subscription group",
  usage: "-g <groupName> (-b <brokerAddr> | -c <clusterName>) [-s <consumeEnable>] [-m <consumeFromMinEnable>] [-d <consumeBroadcastEnable>] [-q <retryQueueNums>] [-r <retryMaxTimes>] [-i <brokerId>] [-w <whichBrokerWhenConsumeSlowly>] [-a <notifyConsumerIdsChanged>]",
  async run(ctx, o, io) {
    const g = admin.subGroupConfigOf(need(o, "g", "groupName"), {
      consumeEnable: bool(o, "s", true), consumeFromMinEnable: bool(o, "m", false), consumeBroadcastEnable: bool(o, "d", false),
      retryQueueNums: int(o, "q", 1), retryMaxTimes: int(o, "r", 16), brokerId: int(o, "i", 0),
      whichBrokerWhenConsumeSlowly: int(o, "w", 1), notifyConsumerIdsChangedEnable: bool(o, "a", true),
    });
    for (const addr of await admin.updateSubGroup(ctx, g, target(o))) io.out(printf("create subscription group to %s success.%n", addr));
    io.out(`${JSON.stringify(g)}\n`);
  },
};

const consumerProgress: Subcommand = {
  name: "consumerProgress", description: "Query consumers's progress, speed", usage: "[-g <consumerGroup>] [-t <topic>]",
  async run(ctx, o, io) {
    const group = str(o, "g");
    if (group === undefined) {
      const f = "%-64s  %-6s  %-24s %-5s  %-14s  %-7s  %s%n";
      io.out(printf(f, "#Group", "#Count", "#Version", "#Type", "#Model", "#TPS", "#Diff Total"));
      for (const s of await admin.consumerGroups(ctx)) {
        const type = s.consumeType === undefined ? "" : s.consumeType === "CONSUME_ACTIVELY" ? "PULL" : "PUSH";
        io.out(printf(f, s.group, s.count, s.version === undefined ? "OFFLINE" : String(s.version), type, s.messageModel ?? "", Math.round(s.consumeTps), s.diffTotal));
      }
      return;
    }
    const p = await admin.consumerProgress(ctx, group, str(o, "t"));
    const f = "%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s  %s%n";
    io.out(printf(f, "#Topic", "#Broker Name", "#QID", "#Broker Offset", "#Consumer Offset", "#Client IP", "#Diff", "#LastTime"));
    for (const q of p.queues) {
      const last = q.lastTimestamp > 0 ? formatDateMs(q.lastTimestamp) : "N/A";
      io.out(printf(f, q.topic, q.brokerName, q.queueId, q.brokerOffset, q.consumerOffset, "N/A", q.diff, last));
    }
    io.out(printf("%n"));
    io.out(printf("Consume TPS: %.2f%n", p.consumeTps));
    io.out(printf("Consume Diff Total: %d%n", p.diffTotal));
  },
};

export const subcommands: readonly Subcommand[] = [
  updateTopic, deleteTopic, topicList, topicRoute, topicStatus, clusterList, brokerStatus, haStatus, updateSubGroup, consumerProgress,
  ...messageSubcommands,
  ...configSubcommands,
  ...maintenanceSubcommands,
  ...exportSubcommands,
  ...sendSubcommands,
  ...groupSubcommands,
  consumeMessage,
  ...statsSubcommands,
  ...consumerSubcommands,
  ...controllerSubcommands,
  ...aclSubcommands,
  ...authSubcommands,
  ...batchSubcommands,
  startMonitoring,
];
