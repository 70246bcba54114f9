// `mq admin` connection and statistics subcommands, with mqadmin's names, flags and tables:
// producerConnection, consumerConnection, brokerConsumeStats, statsAll, topicClusterList.
// --json prints the same data as JSON.
import * as admin from "../admin/index.ts";
import { versionDesc } from "../common/index.ts";
import { bool, int, json, jsonText, need, str, type Subcommand } from "./admin-options.ts";
import { formatDateSeconds, printf } from "./printf.ts";

/** UtilAll.frontStringAtLeast: the first `size` characters. */
const front = (s: string, size: number): string => s.slice(0, size);

const producerConnection: Subcommand = {
  name: "producerConnection", description: "Query producer's socket connection and client version",
  usage: "-g <producerGroup> -t <topic> [--json]",
  async run(ctx, o, io) {
    const set = await admin.producerConnection(ctx, need(o, "g", "producerGroup"), need(o, "t", "topic"));
    if (json(o)) return io.out(jsonText(set.map((c) => ({ ...c, versionDesc: versionDesc(c.version) }))));
    set.forEach((c, i) => io.out(printf("%04d  %-32s %-22s %-8s %s%n", i + 1, c.clientId, c.clientAddr, c.language, versionDesc(c.version))));
  },
};

const consumerConnection: Subcommand = {
  name: "consumerConnection", description: "Query consumer's socket connection, client version and subscription",
  usage: "-g <consumerGroup> [-b <brokerAddr>] [--json]",
  async run(ctx, o, io) {
    const cc = await admin.consumerConnection(ctx, need(o, "g", "consumerGroup"), str(o, "b"));
    if (json(o)) return io.out(jsonText(cc));
    io.out(printf("%-36s %-22s %-10s %s%n", "#ClientId", "#ClientAddr", "#Language", "#Version"));
    for (const c of cc.connectionSet) io.out(printf("%-36s %-22s %-10s %s%n", c.clientId, c.clientAddr, c.language, versionDesc(c.version)));
    io.out(printf("%nBelow is subscription:\n"));
    io.out(printf("%-20s %s%n", "#Topic", "#SubExpression"));
    for (const sd of Object.values(cc.subscriptionTable)) io.out(printf("%-20s %s%n", sd.topic, sd.subString));
    io.out("\n");
    io.out(printf("ConsumeType: %s%n", cc.consumeType ?? ""));
    io.out(printf("MessageModel: %s%n", cc.messageModel ?? ""));
    io.out(printf("ConsumeFromWhere: %s%n", cc.consumeFromWhere ?? ""));
  },
};

const brokerConsumeStats: Subcommand = {
  name: "brokerConsumeStats", description: "Fetch broker consume stats data",
  usage: "-b <brokerAddr> [-t <timeoutMillis>] [-l <level: least diff to print>] [-o <order: true|false>] [--json]",
  async run(ctx, o, io) {
    const list = await admin.brokerConsumeStats(ctx, need(o, "b", "brokerAddr"), bool(o, "o", false), int(o, "t", 50_000));
    if (json(o)) return io.out(jsonText(list));
    const level = int(o, "l", 0);
    const f = "%-64s  %-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s%n";
    io.out(printf(f, "#Topic", "#Group", "#Broker Name", "#QID", "#Broker Offset", "#Consumer Offset", "#Diff", "#LastTime"));
    for (const [group, statsList] of list.groups) {
      for (const stats of statsList) {
        for (const [mq, w] of stats.offsetTable) {
          const diff = w.brokerOffset - w.consumerOffset;
          if (diff < level || w.lastTimestamp <= 0) continue;
          io.out(printf("%-64s  %-64s  %-32s  %-4d  %-20d  %-20d  %-20d  %s%n",
            front(mq.topic, 64), group, front(mq.brokerName, 32), mq.queueId, w.brokerOffset, w.consumerOffset, diff, formatDateSeconds(w.lastTimestamp)));
        }
      }
    }
    io.out(printf("%nDiff Total: %d%n", list.totalDiff));
  },
};

const statsAll: Subcommand = {
  name: "statsAll", description: "Topic and Consumer tps stats",
  usage: "[-a <activeTopic: print active topics only>] [-t <topic>] [--json]",
  async run(ctx, o, io) {
    const rows = await admin.statsAll(ctx, { activeOnly: o.a !== undefined, topic: str(o, "t") });
    if (json(o)) return io.out(jsonText(rows));
    io.out(printf("%-64s  %-64s %12s %11s %11s %14s %14s%n", "#Topic", "#Consumer Group", "#Accumulation", "#InTPS", "#OutTPS", "#InMsg24Hour", "#OutMsg24Hour"));
    for (const r of rows) {
      if (r.group === "") {
        io.out(printf("%-64s  %-64s %12d %11.2f %11s %14d %14s%n", front(r.topic, 64), "", 0, r.inTps, "", r.inMsg24Hour, "NO_CONSUMER"));
      } else {
        io.out(printf("%-64s  %-64s %12d %11.2f %11.2f %14d %14d%n", front(r.topic, 64), front(r.group, 64), r.accumulation, r.inTps, r.outTps, r.inMsg24Hour, r.outMsg24Hour));
      }
    }
  },
};

const producer: Subcommand = {
  name: "producer", description: "Query producer's instances",
  usage: "-b <brokerAddr> [--json]",
  async run(ctx, o, io) {
    const table = await admin.producerInfo(ctx, need(o, "b", "brokerAddr"));
    if (json(o)) return io.out(jsonText(table));
    for (const [group, list] of Object.entries(table)) {
      if (list.length === 0) io.out(`producer group (${group}) instances are empty\n`);
      for (const p of list) {
        io.out(`producer group (${group}) instance : clientId=${p.clientId},remoteIP=${p.remoteIP}, language=${p.language}, version=${p.version}, lastUpdateTimestamp=${p.lastUpdateTimestamp}\n`);
      }
    }
  },
};

export const statsSubcommands: readonly Subcommand[] = [producerConnection, consumerConnection, producer, brokerConsumeStats, statsAll];
