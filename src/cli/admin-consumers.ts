// `mq admin` subcommands that reach live clients or send test messages, with mqadmin's names,
// flags and output: consumerStatus (the consumers' running info, through their broker),
// getConsumerStatus. --json prints the data.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as admin from "../admin/index.ts";
import { versionDesc } from "../common/index.ts";
import { json, jsonText, need, str, type Subcommand } from "./admin-options.ts";
import { runningInfoText, stuckQueues } from "./admin-running-info.ts";
import { safeFileName } from "./file-name.ts";
import { printf } from "./printf.ts";

const consumerStatus: Subcommand = {
  name: "consumerStatus", description: "Query and display consumer's internal data structures",
  usage: "-g <consumerGroup> [-i <clientId>] [-b <brokerAddr>] [-s <jstack>] [--json]",
  async run(ctx, o, io) {
    const group = need(o, "g", "consumerGroup");
    const jstack = o.s !== undefined;
    const clientId = str(o, "i");
    if (clientId !== undefined) {
      const info = await admin.consumerRunningInfo(ctx, group, clientId, jstack);
      return io.out(json(o) ? jsonText(info) : runningInfoText(info));
    }
    const cc = await admin.consumerConnection(ctx, group, str(o, "b"));
    const now = Date.now();
    const infos = new Map<string, admin.ConsumerRunningInfo>();
    if (!json(o)) io.out(printf("%-10s %-40s %-20s %s%n", "#Index", "#ClientId", "#Version", "#ConsumerRunningInfoFile"));
    for (const conn of cc.connectionSet) {
      const info = await admin.consumerRunningInfo(ctx, group, conn.clientId, jstack);
      infos.set(conn.clientId, info);
      if (json(o)) continue;
      // As mqadmin: each client's running info goes to <now>/<clientId> under the current directory
      // (a clientId holding "/" or ".." stays inside <now>/).
      const path = `${now}/${safeFileName(conn.clientId)}`;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, runningInfoText(info));
      io.out(printf("%-10d %-40s %-20s %s%n", infos.size, conn.clientId, versionDesc(conn.version), path));
    }
    if (json(o)) return io.out(jsonText(Object.fromEntries(infos)));
    if (infos.size === 0) return;
    const subscriptions = [...infos.values()].map((i) => JSON.stringify(i.subscriptionSet));
    if (subscriptions.every((s) => s === subscriptions[0])) {
      io.out(printf("%n%nSame subscription in the same group of consumer"));
      io.out(printf("%n%nRebalance %s%n", "OK"));
      for (const [id, info] of [...infos].sort(([a], [b]) => (a < b ? -1 : 1))) io.out(stuckQueues(id, info, now));
    } else {
      io.out(printf("%n%nWARN: Different subscription in the same group of consumer!!!"));
    }
  },
};

const getConsumerStatus: Subcommand = {
  name: "getConsumerStatus", description: "Get consumer status from client",
  usage: "-g <group> -t <topic> [-i <originClientId>] [--json]",
  async run(ctx, o, io) {
    const [group, topic, clientId] = [need(o, "g", "group"), need(o, "t", "topic"), str(o, "i") ?? ""];
    const rows = await admin.consumerStatusFromClients(ctx, topic, group, clientId);
    if (json(o)) return io.out(jsonText(rows.map(([client, mq, offset]) => ({ clientId: client, ...mq, offset }))));
    io.out(printf("get consumer status from client. group=%s, topic=%s, originClientId=%s%n", group, topic, clientId));
    io.out(printf("%-50s  %-15s  %-15s  %-20s%n", "#clientId", "#brokerName", "#queueId", "#offset"));
    for (const [client, mq, offset] of rows) io.out(printf("%-50s  %-15s  %-15d  %-20d%n", client.slice(0, 50), mq.brokerName, mq.queueId, offset));
  },
};

export const consumerSubcommands: readonly Subcommand[] = [consumerStatus, getConsumerStatus];
