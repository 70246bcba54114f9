// `mq admin consumeMessage`: pulls as mqadmin's ConsumeMessageCommand does (TOOLS_CONSUMER, no
// offsets committed) and prints each page as it does: "Consume ok", then a MSGID line per message.
import * as admin from "../admin/index.ts";
import { ResponseCode } from "../common/index.ts";
import { messageExtText } from "./admin-message-print.ts";
import { int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Io, Options } from "./command.ts";
import { printf } from "./printf.ts";

const queueText = (r: admin.ConsumeRange): string => `MessageQueue [topic=${r.topic}, brokerName=${r.brokerName}, queueId=${r.queueId}]`;

function time(o: Options, k: string): number | undefined {
  const v = str(o, k);
  if (v === undefined) return undefined;
  try {
    const ms = admin.parseResetTimestamp(v);
    if (ms > Date.now()) throw new UsageError(`Please set the ${k === "s" ? "beginTimestamp" : "endTimestamp"} before now! (-${k} ${v})`);
    return ms;
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`-${k}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function pullRange(ctx: admin.AdminContext, r: admin.ConsumeRange, io: Io): Promise<void> {
  const decoder = new TextDecoder();
  for (let offset = r.minOffset; offset <= r.maxOffset; ) {
    const page = await admin.pullOnce(ctx, r.addr, r, offset, Math.max(1, r.maxOffset - offset + 1));
    offset = page.nextBeginOffset;
    if (page.code === ResponseCode.SUCCESS) {
      io.out("Consume ok\n");
      for (const m of page.messages) io.out(printf("MSGID: %s %s BODY: %s%n", m.msgId, messageExtText(m), decoder.decode(m.body)));
    } else if (page.code === ResponseCode.PULL_RETRY_IMMEDIATELY) {
      io.out(`${queueText(r)} no matched msg. status=NO_MATCHED_MSG, offset=${offset}\n`);
    } else {
      io.out(`${queueText(r)} print msg finished. status=${page.code === ResponseCode.PULL_NOT_FOUND ? "NO_NEW_MSG" : "OFFSET_ILLEGAL"}, offset=${offset}\n`);
      return;
    }
  }
}

export const consumeMessage: Subcommand = {
  name: "consumeMessage", description: "Consume message",
  usage: "-t <topic> [-b <brokerName> [-i <queueId> [-o <offset>]]] [-s <beginTimestamp>] [-e <endTimestamp>] [-c <count, 128>] [-g <consumerGroup> (accepted; pulls go as TOOLS_CONSUMER and commit nothing)]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const count = int(o, "c", 128);
    if (count <= 0) throw new UsageError("Please input a positive messageNumber! (-c)");
    if (o.i !== undefined && o.b === undefined) throw new UsageError("Please set the brokerName before queueId! (-b with -i)");
    if (o.o !== undefined && o.i === undefined) throw new UsageError("Please set queueId before offset! (-i with -o)");
    const range = { beginMs: time(o, "s"), endMs: time(o, "e") };
    if (range.beginMs !== undefined && range.endMs !== undefined && range.beginMs > range.endMs) {
      throw new UsageError("Please make sure that the beginTimestamp is less than or equal to the endTimestamp");
    }
    if (o.i === undefined) {
      for (const r of await admin.consumeRanges(ctx, topic, range, count)) {
        if (r.notice !== undefined) io.out(`${r.notice}\n`);
        await pullRange(ctx, r, io);
      }
      return;
    }
    const [brokerName, queueId, offset] = [need(o, "b", "brokerName"), int(o, "i", 0), int(o, "o", 0)];
    const r = await admin.consumeRangeOf(ctx, topic, brokerName, queueId, offset, range, count);
    if (r === undefined) {
      io.out(`MessageQueue [topic=${topic}, brokerName=${brokerName}, queueId=${queueId}] no matched msg, offset=${offset}\n`);
      return;
    }
    if (r.notice !== undefined) io.out(`${r.notice}\n`);
    await pullRange(ctx, r, io);
  },
};
