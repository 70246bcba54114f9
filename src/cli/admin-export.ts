// `mq admin` subcommands that export or compute cluster-wide views, with mqadmin's names, flags
// and output: exportMetadata, exportConfigs, exportMetrics (JSON files under -f, default /tmp/rocketmq/export),
// allocateMQ, updateOrderConf.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as admin from "../admin/index.ts";
import { printJson, wantsJson } from "./admin-config.ts";
import { need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Io, Options } from "./command.ts";

const EXPORT_DIR_DEFAULT = "/tmp/rocketmq/export";

function writeExport(o: Options, io: Io, name: string, value: unknown): void {
  const dir = str(o, "f") ?? EXPORT_DIR_DEFAULT;
  const path = join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, "\t")}\n`);
  if (wantsJson(o)) printJson(io, { path });
  else io.out(`export ${path} success\n`);
}

const exportMetadata: Subcommand = {
  name: "exportMetadata", description: "Export metadata",
  usage: "(-c <clusterName> | -b <brokerAddr>) [-f <dir, /tmp/rocketmq/export>] [-t (topics only)] [-g (groups only)] [-s (with %RETRY%/%DLQ% topics)] [--json]",
  async run(ctx, o, io) {
    const [topicsOnly, groupsOnly, special] = [o.t !== undefined, o.g !== undefined, o.s !== undefined];
    const brokerAddr = str(o, "b");
    const name = topicsOnly ? "topic.json" : groupsOnly ? "subscriptionGroup.json" : "metadata.json";
    let tables: { topicConfigTable: Record<string, unknown>; subscriptionGroupTable: Record<string, unknown> };
    if (brokerAddr !== undefined) {
      const topics = Object.fromEntries((await admin.userTopics(ctx, brokerAddr, special)).map((t) => [t.topicName, t]));
      tables = { topicConfigTable: topics, subscriptionGroupTable: await admin.userGroups(ctx, brokerAddr) };
    } else {
      const cluster = str(o, "c");
      if (cluster === undefined) throw new UsageError("-c clusterName or -b brokerAddr is required");
      tables = await admin.clusterMetadata(ctx, cluster, special);
    }
    const picked = topicsOnly ? { topicConfigTable: tables.topicConfigTable } : groupsOnly ? { subscriptionGroupTable: tables.subscriptionGroupTable } : tables;
    writeExport(o, io, name, { ...picked, exportTime: Date.now() });
  },
};

const exportConfigs: Subcommand = {
  name: "exportConfigs", description: "Export configs", usage: "-c <clusterName> [-f <dir, /tmp/rocketmq/export>] [--json]",
  async run(ctx, o, io) {
    writeExport(o, io, "configs.json", await admin.clusterConfigs(ctx, need(o, "c", "clusterName")));
  },
};

const exportMetrics: Subcommand = {
  name: "exportMetrics", description: "Export metrics.", usage: "-c <clusterName> [-f <dir, /tmp/rocketmq/export>] [--json]",
  async run(ctx, o, io) {
    writeExport(o, io, "metrics.json", await admin.clusterMetrics(ctx, need(o, "c", "clusterName")));
  },
};

const allocateMQ: Subcommand = {
  name: "allocateMQ", description: "Allocate MQ", usage: "-t <topic> -i <clientId,clientId,...> [--json]",
  async run(ctx, o, io) {
    const ids = need(o, "i", "ipList").split(",").map((s) => s.trim()).filter((s) => s !== "");
    const result = await admin.allocateMQ(ctx, need(o, "t", "topic"), ids);
    if (wantsJson(o)) return printJson(io, { result });
    io.out(`${JSON.stringify({ result })}\n`);
  },
};

const updateOrderConf: Subcommand = {
  name: "updateOrderConf", description: "Create or update or delete order conf",
  usage: "-t <topic> -m <get|put|delete> [-v <orderConf: brokerName1:num;brokerName2:num>] [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const method = need(o, "m", "method");
    if (method !== "get" && method !== "put" && method !== "delete") throw new UsageError(`-m must be get, put or delete, got ${method}`);
    const conf = str(o, "v");
    if (method === "put" && (conf === undefined || conf === "")) throw new UsageError("please set orderConf with option -v (brokerName1:num;brokerName2:num)");
    const result = await admin.orderConf(ctx, topic, method, conf);
    if (wantsJson(o)) return printJson(io, { topic, method, orderConf: result ?? null });
    if (method === "get") io.out(`get orderConf success. topic=[${topic}], orderConf=[${result ?? ""}] \n`); // mqadmin prints the blank too
    else if (method === "put") io.out(`update orderConf success. topic=[${topic}], orderConf=[${result ?? ""}]\n`);
    else io.out(`delete orderConf success. topic=[${topic}]\n`);
  },
};

export const exportSubcommands: readonly Subcommand[] = [exportMetadata, exportConfigs, exportMetrics, allocateMQ, updateOrderConf];
