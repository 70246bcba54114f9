// `mq admin` subcommands that reach live clients or send test messages, with mqadmin's names,
// flags and output: consumerStatus (the consumers' running info, through their broker),
// getConsumerStatus, cloneGroupOffset, checkMsgSendRT, sendMsgStatus. --json prints the data.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as admin from "../admin/index.ts";
import { Producer, type MessageQueue } from "../client/index.ts";
import { versionDesc } from "../common/index.ts";
import { int, json, jsonText, need, str, type Subcommand } from "./admin-options.ts";
import { runningInfoText, stuckQueues } from "./admin-running-info.ts";
import { sendResultText } from "./message-text.ts";
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
      // As mqadmin: each client's running info goes to <now>/<clientId> under the current directory.
      const path = `${now}/${conn.clientId}`;
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

const cloneGroupOffset: Subcommand = {
  name: "cloneGroupOffset", description: "Clone offset from other group",
  usage: "-s <srcGroup> -d <destGroup> -t <topic> [-o <offline>] [--json]",
  async run(ctx, o, io) {
    const [src, dest, topic] = [need(o, "s", "srcGroup"), need(o, "d", "destGroup"), need(o, "t", "topic")];
    const queues = await admin.cloneGroupOffset(ctx, src, dest, topic);
    if (json(o)) return io.out(jsonText({ srcGroup: src, destGroup: dest, topic, queues }));
    io.out(printf("clone group offset success. srcGroup[%s], destGroup=[%s], topic[%s]%n", src, dest, topic));
  },
};

/** Sends with a producer of its own, shut down whatever happens. */
async function withProducer<T>(namesrvAddr: string, group: string, use: (p: Producer) => Promise<T>): Promise<T> {
  const producer = new Producer({ namesrvAddr, producerGroup: group, instanceName: `${group}_${Date.now()}` });
  await producer.start();
  try {
    return await use(producer);
  } finally {
    await producer.shutdown();
  }
}

const checkMsgSendRT: Subcommand = {
  name: "checkMsgSendRT", description: "Check message send response time",
  usage: "-t <topic> [-a <amount, default 100>] [-s <size in bytes, default 128>] [--json]",
  async run(ctx, o, io) {
    const [topic, amount, size] = [need(o, "t", "topic"), int(o, "a", 100), int(o, "s", 128)];
    const body = new TextEncoder().encode("a".repeat(Math.max(0, size)));
    const sends: Array<{ brokerName: string; queueId: number; sendSuccess: boolean; rtMs: number }> = [];
    if (!json(o)) io.out(printf("%-32s  %-4s  %-20s    %s%n", "#Broker Name", "#QID", "#Send Result", "#RT"));
    await withProducer(ctx.namesrvAddrs.join(";"), String(Date.now()), async (producer) => {
      let picked: MessageQueue | undefined;
      for (let i = 0; i < amount; i++) {
        const start = Date.now();
        const ok = await producer.send({ topic, body }, (mqs) => (picked = mqs[i % mqs.length]), i).then(() => true, () => false);
        const row = { brokerName: picked?.brokerName ?? "null", queueId: picked?.queueId ?? 0, sendSuccess: ok, rtMs: Date.now() - start };
        sends.push(row);
        if (!json(o)) io.out(printf("%-32s  %-4s  %-20s    %s%n", row.brokerName, row.queueId, String(ok), row.rtMs));
      }
    });
    const avg = sends.length > 1 ? sends.slice(1).reduce((n, s) => n + s.rtMs, 0) / (sends.length - 1) : 0;
    if (json(o)) return io.out(jsonText({ sends, avgRtMs: avg }));
    io.out(printf("Avg RT: %.2f%n", avg));
    if (sends.some((s) => !s.sendSuccess)) throw new admin.AdminError(1, `${sends.filter((s) => !s.sendSuccess).length} of ${amount} sends to ${topic} failed`, "");
  },
};

const sendMsgStatus: Subcommand = {
  name: "sendMsgStatus", description: "Send msg to broker",
  usage: "-b <brokerName> [-s <messageSize, default 128>] [-c <count, default 50>] [--json]",
  async run(ctx, o, io) {
    const [brokerName, size, count] = [need(o, "b", "brokerName"), int(o, "s", 128), int(o, "c", 50)];
    const message = (n: number) => ({ topic: brokerName, body: new TextEncoder().encode("a".repeat(Math.max(0, n))) });
    const results = await withProducer(ctx.namesrvAddrs.join(";"), "PID_SMSC", async (producer) => {
      await producer.send(message(16));
      const out: Array<{ rtMs: number; result: Awaited<ReturnType<Producer["send"]>> }> = [];
      for (let i = 0; i < count; i++) {
        const begin = Date.now();
        const result = await producer.send(message(size));
        out.push({ rtMs: Date.now() - begin, result });
        if (!json(o)) io.out(printf("rt=%sms, SendResult=%s%n", out[i]?.rtMs ?? 0, sendResultText(result)));
      }
      return out;
    });
    if (json(o)) io.out(jsonText(results));
  },
};

export const consumerSubcommands: readonly Subcommand[] = [consumerStatus, getConsumerStatus, cloneGroupOffset, checkMsgSendRT, sendMsgStatus];
