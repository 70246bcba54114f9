// `mq admin` subcommands that find messages and move a group's offsets, with mqadmin's names,
// flags and output: queryMsgByKey, queryMsgById, queryMsgByUniqueKey, queryMsgByOffset, printMsg,
// resetOffsetByTime. Times (-b, -e, -s) are epoch ms or yyyy-MM-dd#HH:mm:ss:SSS (local time).
import * as admin from "../admin/index.ts";
import { ResponseCode } from "../common/index.ts";
import { messageBlock, messageExtText } from "./admin-message-print.ts";
import { bool, int, json, jsonText, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Options } from "./command.ts";
import { formatDateSeconds, printf } from "./printf.ts";

function time(o: Options, k: string): number | undefined {
  const v = str(o, k);
  if (v === undefined) return undefined;
  try {
    return admin.parseResetTimestamp(v);
  } catch (e) {
    throw new UsageError(`-${k}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** No match: mqadmin's NO_MESSAGE (208) with its words and what was looked for; the CLI exits 1. */
const noMessage = (text: string): admin.AdminError => new admin.AdminError(ResponseCode.NO_MESSAGE, text, "");
const BY_KEY_NOTHING = "query message by key finished, but no message";

const range = (o: Options): admin.TimeRange => ({ beginMs: time(o, "b"), endMs: time(o, "e") });

const queryMsgByKey: Subcommand = {
  name: "queryMsgByKey", description: "Query Message by Key",
  usage: "-t <topic> -k <msgKey> [-b <beginTimestamp>] [-e <endTimestamp>] [-m <maxNum>]",
  async run(ctx, o, io) {
    const [topic, key] = [need(o, "t", "topic"), need(o, "k", "msgKey")];
    const found = await admin.queryMsgByKey(ctx, topic, key, int(o, "m", admin.QUERY_MAX_NUM_DEFAULT), range(o));
    if (found.length === 0) throw noMessage(`${BY_KEY_NOTHING}: topic ${topic} has no message with key ${key}${o.b !== undefined || o.e !== undefined ? " in that time range" : ""}`);
    io.out(printf("%-50s %4s %40s%n", "#Message ID", "#QID", "#Offset"));
    for (const m of found) io.out(printf("%-50s %4d %40d%n", m.msgId, m.queueId, m.queueOffset));
  },
};

/** An offsetMsgId's message; not one (or not found there): with a topic, the unique key's, as mqadmin 5 does. */
async function messageById(ctx: admin.AdminContext, id: string, topic: string | undefined): Promise<admin.MessageView | undefined> {
  try {
    return await admin.viewMessage(ctx, id);
  } catch (e) {
    if (topic === undefined) throw e;
    return (await admin.queryMsgByUniqueKey(ctx, topic, id))[0];
  }
}

const queryMsgById: Subcommand = {
  name: "queryMsgById", description: "Query Message by Id",
  usage: "-i <msgId[,msgId...]> [-t <topic>] [-g <consumerGroup> -d <clientId>: the consumer consumes it directly]",
  async run(ctx, o, io) {
    const topic = str(o, "t");
    const [group, clientId] = [str(o, "g"), str(o, "d")];
    const missing: string[] = [];
    for (const id of need(o, "i", "msgId").split(",").map((s) => s.trim()).filter((s) => s.length > 0)) {
      const view = await messageById(ctx, id, topic);
      if (view === undefined) missing.push(id);
      else if (group !== undefined && clientId !== undefined) io.out(directResultText(await admin.consumeMessageDirectly(ctx, group, clientId, view)));
      else io.out(messageBlock(view, true));
    }
    if (missing.length > 0) throw noMessage(`Message not found! topic ${topic} has no message with msgId ${missing.join(", ")}`);
  },
};

const directResultText = (r: admin.DirectResult): string =>
  `ConsumeMessageDirectlyResult [order=${r.order}, autoCommit=${r.autoCommit}, consumeResult=${r.consumeResult}, remark=${r.remark ?? "null"}, spentTimeMills=${r.spentTimeMills}]\n`;

const queryMsgByUniqueKey: Subcommand = {
  name: "queryMsgByUniqueKey", description: "Query Message by Unique key",
  usage: "-i <msgId> -t <topic> [-a <showAll>]",
  async run(ctx, o, io) {
    const [topic, msgId] = [need(o, "t", "topic"), need(o, "i", "msgId")];
    const found = await admin.queryMsgByUniqueKey(ctx, topic, msgId);
    if (found.length === 0) {
      throw noMessage(`${BY_KEY_NOTHING}: topic ${topic} has no message with unique key (msgId) ${msgId}; an offsetMsgId is looked up with queryMsgById -i`);
    }
    const shown = bool(o, "a", false) ? found : found.slice(0, 1);
    shown.forEach((m, i) => io.out(messageBlock(m, false, shown.length > 1 ? `-${i}` : "")));
  },
};

const queryMsgByOffset: Subcommand = {
  name: "queryMsgByOffset", description: "Query Message by offset",
  usage: "-t <topic> -b <brokerName> -i <queueId> -o <offset>",
  async run(ctx, o, io) {
    const [topic, brokerName] = [need(o, "t", "topic"), need(o, "b", "brokerName")];
    const [queueId, offset] = [int(o, "i", -1), int(o, "o", -1)];
    if (queueId < 0) throw new UsageError("-i queueId is required");
    if (offset < 0) throw new UsageError("-o offset is required");
    const found = await admin.queryMsgByOffset(ctx, topic, brokerName, queueId, offset);
    if (found.message !== undefined) {
      io.out(messageBlock(found.message, true));
      return;
    }
    const held = found.maxOffset > found.minOffset ? `it holds offsets ${found.minOffset} to ${found.maxOffset - 1}` : `the queue is empty (max offset ${found.maxOffset})`;
    throw noMessage(`no message at offset ${offset} of MessageQueue [topic=${topic}, brokerName=${brokerName}, queueId=${queueId}]: ${held}`);
  },
};

function charset(o: Options): TextDecoder {
  try {
    return new TextDecoder((str(o, "c") ?? "UTF-8") as ConstructorParameters<typeof TextDecoder>[0]);
  } catch {
    throw new UsageError(`-c ${str(o, "c")} is not a charset this runtime knows`);
  }
}

const printMsg: Subcommand = {
  name: "printMsg", description: "Print Message Detail",
  usage: "-t <topic> [-c <charsetName>] [-s <subExpression>] [-b <beginTimestamp>] [-e <endTimestamp>] [-d <printBody>]",
  async run(ctx, o, io) {
    const decoder = charset(o);
    const printBody = bool(o, "d", true);
    await admin.printMsg(ctx, need(o, "t", "topic"), str(o, "s") ?? "*", range(o), {
      queue: (q) => io.out(`minOffset=${q.minOffset}, maxOffset=${q.maxOffset}, MessageQueue [topic=${q.topic}, brokerName=${q.brokerName}, queueId=${q.queueId}]\n`),
      messages: (views) => {
        for (const m of views) io.out(printf("MSGID: %s %s BODY: %s%n", m.msgId, messageExtText(m), printBody ? decoder.decode(m.body) : "NOT PRINT BODY"));
      },
      finished: (q, status, offset) =>
        io.out(`MessageQueue [topic=${q.topic}, brokerName=${q.brokerName}, queueId=${q.queueId}] print msg finished. status=${status}, offset=${offset}\n`),
    });
  },
};

const printMsgByQueue: Subcommand = {
  name: "printMsgByQueue", description: "Print Message Detail by queueId",
  usage: "-t <topic> -a <brokerName> -i <queueId> [-c <charsetName>] [-s <subExpression>] [-b <beginTimestamp>] [-e <endTimestamp>] [-p <printMsg: true|false>] [-d <printBody: true|false>] [-f <calculate by tag: true|false>]",
  async run(ctx, o, io) {
    const decoder = charset(o);
    const [printMessages, printBody, byTag] = [bool(o, "p", false), bool(o, "d", false), bool(o, "f", false)];
    const queueId = int(o, "i", -1);
    if (queueId < 0) throw new UsageError("-i queueId is required");
    const tags = new Map<string, number>();
    await admin.printMsgByQueue(ctx, need(o, "t", "topic"), need(o, "a", "brokerName"), queueId, str(o, "s") ?? "*", range(o), {
      queue: () => {},
      messages: (views) => {
        for (const m of views) {
          const tag = m.propertyMap.get("TAGS");
          if (byTag && tag !== undefined && tag.trim() !== "") tags.set(tag, (tags.get(tag) ?? 0) + 1);
          if (printMessages) io.out(printf("MSGID: %s %s BODY: %s%n", m.msgId, messageExtText(m), printBody ? decoder.decode(m.body) : "NOT PRINT BODY"));
        }
      },
      finished: () => {},
    });
    for (const [tag, count] of [...tags].sort((a, b) => b[1] - a[1])) io.out(printf("Tag: %-30s Count: %s%n", tag, count));
  },
};

const queryMsgTraceById: Subcommand = {
  name: "queryMsgTraceById", description: "Query a message trace",
  usage: "-i <msgId> [-t <traceTopic>] [-b <beginTimestamp>] [-e <endTimestamp>] [-c <maxNum, default 64>] [--json]",
  async run(ctx, o, io) {
    const traces = await admin.queryMsgTraceById(ctx, need(o, "i", "msgId"), str(o, "t") ?? admin.TRACE_TOPIC_DEFAULT, int(o, "c", 64), range(o));
    if (json(o)) return io.out(jsonText(traces));
    const f = "%-10s %-20s %-20s %-20s %-10s %-10s%n";
    const status = (r: admin.TraceRecord) => (r.success === true ? "success" : "failed");
    const row = (type: string, r: admin.TraceRecord) => printf(f, type, r.group, r.clientHost, formatDateSeconds(r.timestampMs), `${r.costTimeMs}ms`, status(r));
    for (const r of traces.filter((t) => t.type === "Pub")) io.out(printf(f, "#Type", "#ProducerGroup", "#ClientHost", "#SendTime", "#CostTimes", "#Status") + row("Pub", r) + "\n");
    const byGroup = Map.groupBy(traces.filter((t) => t.type === "SubAfter"), (t) => t.group);
    for (const subs of byGroup.values()) {
      io.out(printf(f, "#Type", "#ConsumerGroup", "#ClientHost", "#ConsumerTime", "#CostTimes", "#Status") + subs.map((r) => row("Sub", r)).join("") + "\n");
    }
  },
};

const resetOffsetByTime: Subcommand = {
  name: "resetOffsetByTime", description: "Reset consumer offset by timestamp(without client restart).",
  usage: "-g <group> -t <topic> -s <timestamp: now | epoch ms | yyyy-MM-dd#HH:mm:ss:SSS> [-f <force>]",
  async run(ctx, o, io) {
    const group = need(o, "g", "group");
    const topic = need(o, "t", "topic");
    const text = need(o, "s", "timestamp");
    const timestamp = time(o, "s") as number;
    const force = bool(o, "f", true);
    const rows = await admin.resetOffsetByTime(ctx, group, topic, timestamp, force);
    io.out(printf("rollback consumer offset by specified consumerGroup[%s], topic[%s], force[%s], timestamp(string)[%s], timestamp(long)[%s]%n",
      group, topic, String(force), text, String(timestamp)));
    io.out(printf("%-40s  %-40s  %-40s%n", "#brokerName", "#queueId", "#offset"));
    for (const r of rows) io.out(printf("%-40s  %-40d  %-40d%n", r.brokerName.slice(0, 32), r.queueId, r.offset));
  },
};

export const messageSubcommands: readonly Subcommand[] = [
  queryMsgByKey, queryMsgById, queryMsgByUniqueKey, queryMsgByOffset, printMsg, printMsgByQueue, queryMsgTraceById, resetOffsetByTime,
];
