// How mqadmin prints one message (QueryMsgByIdSubCommand.printMsg, PrintMessageSubCommand): the
// "%-20s %s" field block, Java's Map.toString for properties, MessageExt.toString for printMsg.
// The body goes to a file, as mqadmin writes it: <tmpdir>/rocketmq/msgbodys/<msgId>.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MessageView } from "../admin/index.ts";
import { safeFileName } from "./file-name.ts";
import { formatDateMs, printf } from "./printf.ts";

const host = (h: { ip: string; port: number }): string => `${h.ip}:${h.port}`;
const javaMap = (m: ReadonlyMap<string, string>): string => `{${[...m].map(([k, v]) => `${k}=${v}`).join(", ")}}`;
const orNull = (v: string | undefined): string => v ?? "null";

function bodyFile(m: MessageView, suffix = ""): string {
  const dir = join(tmpdir(), "rocketmq", "msgbodys");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, safeFileName(m.msgId + suffix));
  writeFileSync(path, m.body);
  return path;
}

/** The field block; withOffsetId adds the leading "OffsetID:" line (queryMsgById, queryMsgByOffset). */
export function messageBlock(m: MessageView, withOffsetId: boolean, bodySuffix = ""): string {
  const line = (name: string, value: string | number) => printf(typeof value === "number" ? "%-20s %d%n" : "%-20s %s%n", name, value);
  return [
    withOffsetId ? line("OffsetID:", m.offsetMsgId) : "",
    line("Topic:", m.topic),
    line("Tags:", `[${orNull(m.propertyMap.get("TAGS"))}]`),
    line("Keys:", `[${orNull(m.propertyMap.get("KEYS"))}]`),
    line("Queue ID:", m.queueId),
    line("Queue Offset:", m.queueOffset),
    line("CommitLog Offset:", m.physicalOffset),
    line("Reconsume Times:", m.reconsumeTimes),
    line("Born Timestamp:", formatDateMs(m.bornTimestamp)),
    line("Store Timestamp:", formatDateMs(m.storeTimestamp)),
    line("Born Host:", host(m.bornHost)),
    line("Store Host:", host(m.storeHost)),
    line("System Flag:", m.sysFlag),
    line("Properties:", javaMap(m.propertyMap)),
    line("Message Body Path:", bodyFile(m, bodySuffix)),
  ].join("");
}

/** MessageExt.toString(), as printMsg shows each message. */
export function messageExtText(m: MessageView): string {
  const body = `[${[...m.body].map((b) => (b > 127 ? b - 256 : b)).join(", ")}]`;
  return `MessageExt [brokerName=${m.brokerName ?? "null"}, queueId=${m.queueId}, storeSize=${m.storeSize}, queueOffset=${m.queueOffset}, ` +
    `sysFlag=${m.sysFlag}, bornTimestamp=${m.bornTimestamp}, bornHost=/${host(m.bornHost)}, storeTimestamp=${m.storeTimestamp}, ` +
    `storeHost=/${host(m.storeHost)}, msgId=${m.offsetMsgId}, commitLogOffset=${m.physicalOffset}, bodyCRC=${m.bodyCrc}, ` +
    `reconsumeTimes=${m.reconsumeTimes}, preparedTransactionOffset=${m.preparedTransactionOffset}, toString()=Message{topic='${m.topic}', ` +
    `flag=${m.flag}, properties=${javaMap(m.propertyMap)}, body=${body}, transactionId='null'}]`;
}
