// `mq admin` group, topic and message subcommands beside the first ones, with mqadmin's names,
// flags and output: deleteSubGroup, getConsumerConfig, producer, updateTopicPerm, updateOrderConf,
// skipAccumulation, allocateMQ, sendMessage. --json prints the data.
import * as admin from "../admin/index.ts";
import { allocateAveragely, Producer, type MessageQueue, type SendResult } from "../client/index.ts";
import { bool, int, json, jsonText, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Options } from "./command.ts";
import { printf } from "./printf.ts";

const target = (o: Options): admin.BrokerTarget => {
  const t = { brokerAddr: str(o, "b"), cluster: str(o, "c") };
  if (t.brokerAddr === undefined && t.cluster === undefined) throw new UsageError("-b brokerAddr or -c clusterName is required");
  return t;
};

const deleteSubGroup: Subcommand = {
  name: "deleteSubGroup", description: "Delete subscription group from broker",
  usage: "-g <groupName> (-b <brokerAddr> | -c <clusterName>) [-r <removeOffset: true|false>] [--json]",
  async run(ctx, o, io) {
    const group = need(o, "g", "groupName");
    const t = target(o);
    const addrs = await admin.deleteSubGroup(ctx, group, t, bool(o, "r", false));
    if (t.brokerAddr === undefined && t.cluster !== undefined) await admin.deleteGroupTopics(ctx, group, t.cluster);
    if (json(o)) return io.out(jsonText({ group, brokers: addrs }));
    for (const addr of addrs) {
      io.out(t.brokerAddr !== undefined
        ? printf("delete subscription group [%s] from broker [%s] success.%n", group, addr)
        : printf("delete subscription group [%s] from broker [%s] in cluster [%s] success.%n", group, addr, t.cluster ?? ""));
    }
  },
};

const getConsumerConfig: Subcommand = {
  name: "getConsumerConfig", description: "Get consumer config by subscription group name",
  usage: "-g <groupName> [--json]",
  async run(ctx, o, io) {
    const rows = await admin.consumerConfigs(ctx, need(o, "g", "groupName"));
    if (json(o)) return io.out(jsonText(rows));
    for (const r of rows) {
      io.out(`=============================${r.cluster}:${r.brokerName}=============================\n`);
      for (const [k, v] of Object.entries(r.config)) io.out(printf("%s%-40s=  %s\n", "", k, v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)));
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

const updateTopicPerm: Subcommand = {
  name: "updateTopicPerm", description: "Update topic perm",
  usage: "-t <topic> -p <perm: 2|4|6> (-b <brokerAddr> | -c <clusterName>) [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const perm = int(o, "p", -1);
    if (![2, 4, 6].includes(perm)) throw new UsageError("-p perm must be 2 (W), 4 (R) or 6 (RW)");
    const changes = await admin.updateTopicPerm(ctx, topic, perm, target(o));
    if (json(o)) return io.out(jsonText(changes));
    for (const c of changes) io.out(printf("update topic perm from %s to %s in %s success.%n", c.oldPerm, perm, c.addr));
  },
};

const updateOrderConf: Subcommand = {
  name: "updateOrderConf", description: "Create or update or delete order conf",
  usage: "-t <topic> -m <method: get|put|delete> [-v <orderConf: brokerName:queueNums;...>] [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const method = need(o, "m", "method");
    if (method === "get") {
      const orderConf = await admin.getOrderConf(ctx, topic);
      return io.out(json(o) ? jsonText({ topic, orderConf }) : printf("get orderConf success. topic=[%s], orderConf=[%s] %n", topic, orderConf));
    }
    if (method === "put") {
      const orderConf = need(o, "v", "orderConf");
      await admin.putOrderConf(ctx, topic, orderConf);
      return io.out(json(o) ? jsonText({ topic, orderConf }) : printf("update orderConf success. topic=[%s], orderConf=[%s]%n", topic, orderConf));
    }
    if (method === "delete") {
      await admin.deleteOrderConf(ctx, topic);
      return io.out(json(o) ? jsonText({ topic }) : printf("delete orderConf success. topic=[%s]%n", topic));
    }
    throw new UsageError(`-m must be get, put or delete, not ${method}`);
  },
};

const skipAccumulation: Subcommand = {
  name: "skipAccumulation", description: "Skip all messages that are accumulated (not consumed) currently",
  usage: "-g <group> -t <topic> [-f <force: true|false>] [--json]",
  async run(ctx, o, io) {
    const [group, topic] = [need(o, "g", "group"), need(o, "t", "topic")];
    const rows = await admin.resetOffsetByTime(ctx, group, topic, -1, bool(o, "f", true));
    if (json(o)) return io.out(jsonText(rows));
    io.out(printf("%-40s  %-40s  %-40s%n", "#brokerName", "#queueId", "#offset"));
    for (const r of rows) io.out(printf("%-40s  %-40d  %-40d%n", r.brokerName, r.queueId, r.offset));
  },
};

const allocateMQ: Subcommand = {
  name: "allocateMQ", description: "Allocate MQ",
  usage: "-t <topic> -i <ipList: ip1,ip2> [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const ips = need(o, "i", "ipList").split(",").map((s) => s.trim()).filter((s) => s !== "");
    const route = await admin.topicRoute(ctx, topic);
    const mqs: MessageQueue[] = route.queueDatas.flatMap((q) => Array.from({ length: q.readQueueNums }, (_, queueId) => ({ topic, brokerName: q.brokerName, queueId })));
    const result: Record<string, MessageQueue[]> = {};
    for (const ip of ips) result[ip] = allocateAveragely(mqs, ips, ip).map((q) => ({ brokerName: q.brokerName, queueId: q.queueId, topic: q.topic }));
    io.out(json(o) ? jsonText({ result }) : `${JSON.stringify({ result })}\n`);
  },
};

const sendMessage: Subcommand = {
  name: "sendMessage", description: "Send a message",
  usage: "-t <topic> -p <body> [-k <keys>] [-c <tags>] [-b <brokerName> [-i <queueId>]] [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const body = new TextEncoder().encode(need(o, "p", "body"));
    const [keys, tags, brokerName] = [str(o, "k"), str(o, "c"), str(o, "b")];
    if (o.i !== undefined && brokerName === undefined) throw new UsageError("-i queueId needs -b brokerName");
    const p = new Producer({ namesrvAddr: ctx.namesrvAddrs.join(";"), producerGroup: `PID_${Date.now()}`, instanceName: `sendMessage_${process.pid}` });
    await p.start();
    let result: SendResult;
    try {
      const message = { topic, body, keys, tags };
      const queueId = int(o, "i", 0);
      const pick = (mqs: readonly MessageQueue[]) => mqs.find((q) => q.brokerName === brokerName && q.queueId === queueId);
      result = brokerName === undefined ? await p.send(message) : await p.send(message, (mqs) => {
        const mq = pick(mqs);
        if (mq === undefined) throw new admin.AdminError(1, `topic ${topic} has no queue ${queueId} on broker ${brokerName}`, "");
        return mq;
      }, undefined);
    } finally {
      await p.shutdown();
    }
    if (json(o)) return io.out(jsonText(result));
    io.out(printf("%-32s  %-4s  %-20s    %s%n", "#Broker Name", "#QID", "#Send Result", "#MsgId"));
    io.out(printf("%-32s  %-4s  %-20s    %s%n", result.messageQueue.brokerName, result.messageQueue.queueId, result.sendStatus, result.msgId));
  },
};

export const groupSubcommands: readonly Subcommand[] = [
  deleteSubGroup, getConsumerConfig, producer, updateTopicPerm, updateOrderConf, skipAccumulation, allocateMQ, sendMessage,
];
