// `mq admin` subcommands that send through a producer, with mqadmin's names, flags and tables:
// sendMessage, checkMsgSendRT (send round trips per queue), sendMsgStatus (to one broker, through
// its broker-name topic) and clusterRT (every broker of a cluster, each round; it runs until
// stopped, as mqadmin's does).
import * as admin from "../admin/index.ts";
import { Producer, type SendResult } from "../client/index.ts";
import { printJson, wantsJson } from "./admin-config.ts";
import { bool, int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { sendResultText } from "./message-text.ts";
import { printf } from "./printf.ts";

const SEND_TIMEOUT_MS = 3000;

async function withProducer<T>(ctx: admin.AdminContext, group: string, use: (p: Producer) => Promise<T>): Promise<T> {
  const producer = new Producer({ namesrvAddr: ctx.namesrvAddrs.join(";"), producerGroup: group, sendMsgTimeoutMs: SEND_TIMEOUT_MS });
  await producer.start();
  try {
    return await use(producer);
  } finally {
    await producer.shutdown();
  }
}

const TABLE = "%-32s  %-4s  %-20s    %s%n";

const sendMessage: Subcommand = {
  name: "sendMessage", description: "Send a message",
  usage: "-t <topic> -p <body> [-k <keys>] [-c <tags>] [-b <brokerName> [-i <queueId>]] [--json]",
  async run(ctx, o, io) {
    const [topic, body] = [need(o, "t", "topic"), need(o, "p", "body")];
    const brokerName = str(o, "b");
    const queueId = int(o, "i", -1);
    if (o.i !== undefined && brokerName === undefined) throw new UsageError("Broker name must be set if the queue is chosen! (-b brokerName with -i)");
    const message = { topic, body, tags: str(o, "c"), keys: str(o, "k") };
    const result = await withProducer(ctx, `mq-admin-send-${Date.now()}`, (p) =>
      brokerName !== undefined && queueId >= 0 ? p.sendToQueue(message, { topic, brokerName, queueId }) : p.send(message));
    if (wantsJson(o)) return printJson(io, result);
    io.out(printf(TABLE, "#Broker Name", "#QID", "#Send Result", "#MsgId"));
    io.out(printf(TABLE, result.messageQueue.brokerName, result.messageQueue.queueId, result.sendStatus, result.msgId));
  },
};

const sizedBody = (o: Parameters<Subcommand["run"]>[1], flag: string, fallback: number): string => "a".repeat(Math.max(0, int(o, flag, fallback)));

const checkMsgSendRT: Subcommand = {
  name: "checkMsgSendRT", description: "Check message send response time", usage: "-t <topic> [-a <amount, 100>] [-s <size, 128>] [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const amount = int(o, "a", 100);
    const body = sizedBody(o, "s", 128);
    const rows: Array<{ brokerName: string; queueId: number; success: boolean; rtMs: number }> = [];
    if (!wantsJson(o)) io.out(printf(TABLE, "#Broker Name", "#QID", "#Send Result", "#RT"));
    await withProducer(ctx, `mq-admin-rt-${Date.now()}`, async (p) => {
      for (let i = 0; i < amount; i++) {
        const start = Date.now();
        let picked = { brokerName: "", queueId: -1 };
        const success = await p.send({ topic, body }, (queues, _m, arg) => {
          const q = queues[Number(arg) % queues.length];
          if (q !== undefined) picked = { brokerName: q.brokerName, queueId: q.queueId };
          return q;
        }, i).then(() => true, () => false);
        rows.push({ ...picked, success, rtMs: Date.now() - start });
        if (!wantsJson(o)) io.out(printf(TABLE, picked.brokerName, picked.queueId, String(success), (rows.at(-1) as { rtMs: number }).rtMs));
      }
    });
    const avg = amount > 1 ? rows.slice(1).reduce((n, r) => n + r.rtMs, 0) / (amount - 1) : 0;
    if (wantsJson(o)) return printJson(io, { rows, avgRtMs: avg });
    io.out(printf("Avg RT: %.2f%n", avg));
  },
};

const sendMsgStatus: Subcommand = {
  name: "sendMsgStatus", description: "Send msg to broker", usage: "-b <brokerName> [-s <messageSize, 128>] [-c <count, 50>] [--json]",
  async run(ctx, o, io) {
    const brokerName = need(o, "b", "brokerName");
    const count = int(o, "c", 50);
    const body = sizedBody(o, "s", 128);
    const results: Array<{ rtMs: number; result: SendResult }> = [];
    await withProducer(ctx, "PID_SMSC", async (p) => {
      await p.send({ topic: brokerName, body: "a".repeat(16) });
      for (let i = 0; i < count; i++) {
        const begin = Date.now();
        const result = await p.send({ topic: brokerName, body });
        results.push({ rtMs: Date.now() - begin, result });
        if (!wantsJson(o)) io.out(`rt=${Date.now() - begin}ms, SendResult=${sendResultText(result)}\n`);
      }
    });
    if (wantsJson(o)) printJson(io, results);
  },
};

/** One clusterRT row: amount sends to the broker's own topic, the mean of all but the first. */
async function brokerRt(p: Producer, brokerName: string, amount: number, body: string) {
  let [elapsed, success, fail] = [0, 0, 0];
  for (let i = 0; i < amount; i++) {
    const start = Date.now();
    await p.send({ topic: brokerName, body }).then(() => success++, () => fail++);
    if (i !== 0) elapsed += Date.now() - start;
  }
  return { rt: amount > 1 ? elapsed / (amount - 1) : 0, success, fail };
}

const clusterRT: Subcommand = {
  name: "clusterRT", description: "List All clusters Message Send RT",
  usage: "[-a <amount, 100>] [-s <size, 128>] [-c <clusterName>] [-p <printAsTlog: true|false>] [-m <machineRoom>] [-i <interval s, 10>]   (runs until stopped)",
  async run(ctx, o, io) {
    const [amount, intervalMs, tlog, room] = [int(o, "a", 100), int(o, "i", 10) * 1000, bool(o, "p", false), str(o, "m") ?? "noname"];
    const body = sizedBody(o, "s", 128);
    const info = await admin.clusterInfo(ctx);
    const clusters = str(o, "c") !== undefined ? [str(o, "c") as string] : Object.keys(info.clusterAddrTable).sort();
    if (!tlog) io.out(printf("%-24s  %-24s  %-4s  %-8s  %-8s%n", "#Cluster Name", "#Broker Name", "#RT", "#successCount", "#failCount"));
    await withProducer(ctx, String(Date.now()), async (p) => {
      for (;;) {
        for (const cluster of clusters) {
          for (const b of admin.brokersOfCluster(info, cluster).map((d) => d.brokerName)) {
            const r = await brokerRt(p, b, amount, body);
            io.out(tlog ? `${new Date().toISOString()}|${room}|${cluster}|${b}|${Math.round(r.rt)}\n`
              : printf("%-24s  %-24s  %-8s  %-16s  %-16s%n", cluster, b, printf("%.2f", r.rt), r.success, r.fail));
          }
        }
        await Bun.sleep(intervalMs);
      }
    });
  },
};

export const sendSubcommands: readonly Subcommand[] = [sendMessage, checkMsgSendRT, sendMsgStatus, clusterRT];
