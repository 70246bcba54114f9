// A consumer's running info printed as Java's ConsumerRunningInfo.formatString (mqadmin
// consumerStatus -i, and the files consumerStatus writes), and its analyzeProcessQueue warnings.
import type { ConsumerRunningInfo } from "../admin/index.ts";
import { printf } from "./printf.ts";

/** UtilAll.timeMillisToHumanString: yyyyMMddHHmmssSSS in local time. */
function humanTime(ms: number): string {
  const d = new Date(ms);
  return printf("%04d%02d%02d%02d%02d%02d%03d", d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
}

const n = (v: unknown): number => Number(v ?? 0);

function processQueueText(p: Record<string, unknown>): string {
  return `ProcessQueueInfo [commitOffset=${n(p.commitOffset)}, cachedMsgMinOffset=${n(p.cachedMsgMinOffset)}, ` +
    `cachedMsgMaxOffset=${n(p.cachedMsgMaxOffset)}, cachedMsgCount=${n(p.cachedMsgCount)}, cachedMsgSizeInMiB=${n(p.cachedMsgSizeInMiB)}, ` +
    `transactionMsgMinOffset=${n(p.transactionMsgMinOffset)}, transactionMsgMaxOffset=${n(p.transactionMsgMaxOffset)}, ` +
    `transactionMsgCount=${n(p.transactionMsgCount)}, locked=${p.locked === true}, tryUnlockTimes=${n(p.tryUnlockTimes)}, ` +
    `lastLockTimestamp=${humanTime(n(p.lastLockTimestamp))}, droped=${p.droped === true}, ` +
    `lastPullTimestamp=${humanTime(n(p.lastPullTimestamp))}, lastConsumeTimestamp=${humanTime(n(p.lastConsumeTimestamp))}]`;
}

export function runningInfoText(info: ConsumerRunningInfo): string {
  const out: string[] = ["#Consumer Properties#\n"];
  for (const [k, v] of Object.entries(info.properties)) out.push(printf("%-40s: %s%n", k, v));
  out.push("\n\n#Consumer Subscription#\n");
  info.subscriptionSet.forEach((s, i) => out.push(printf("%03d Topic: %-40s ClassFilter: %-8s SubExpression: %s%n", i + 1, s.topic, String(s.classFilterMode), s.subString)));
  out.push("\n\n#Consumer Offset#\n", printf("%-64s  %-32s  %-4s  %-20s%n", "#Topic", "#Broker Name", "#QID", "#Consumer Offset"));
  for (const [mq, p] of info.mqTable) out.push(printf("%-32s  %-32s  %-4d  %-20d%n", mq.topic, mq.brokerName, mq.queueId, n(p.commitOffset)));
  out.push("\n\n#Consumer MQ Detail#\n", printf("%-64s  %-32s  %-4s  %-20s%n", "#Topic", "#Broker Name", "#QID", "#ProcessQueueInfo"));
  for (const [mq, p] of info.mqTable) out.push(printf("%-64s  %-32s  %-4d  %s%n", mq.topic, mq.brokerName, mq.queueId, processQueueText(p)));
  out.push("\n\n#Consumer Pop Detail#\n", printf("%-32s  %-32s  %-4s  %-20s%n", "#Topic", "#Broker Name", "#QID", "#ProcessQueueInfo"));
  out.push("\n\n#Consumer RT&TPS#\n", printf("%-64s  %14s %14s %14s %14s %18s %25s%n",
    "#Topic", "#Pull RT", "#Pull TPS", "#Consume RT", "#ConsumeOK TPS", "#ConsumeFailed TPS", "#ConsumeFailedMsgsInHour"));
  for (const [topic, s] of info.statusTable) {
    out.push(printf("%-32s  %14.2f %14.2f %14.2f %14.2f %18.2f %25d%n",
      topic, n(s.pullRT), n(s.pullTPS), n(s.consumeRT), n(s.consumeOKTPS), n(s.consumeFailedTPS), n(s.consumeFailedMsgs)));
  }
  out.push("\n\n#User Consume Info#\n");
  if (info.jstack !== "") out.push("\n\n#Consumer jstack#\n", info.jstack);
  return out.join("");
}

/** ConsumerRunningInfo.analyzeProcessQueue: queues of a push consumer that look stuck. */
export function stuckQueues(clientId: string, info: ConsumerRunningInfo, nowMs: number): string {
  if (info.properties.PROP_CONSUME_TYPE !== "CONSUME_PASSIVELY") return "";
  const orderly = info.properties.PROP_CONSUMEORDERLY === "true";
  const lines: string[] = [];
  for (const [mq, p] of info.mqTable) {
    const mqText = `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
    if (orderly && p.locked !== true) lines.push(printf("%s %s can't lock for a while, %dms%n", clientId, mqText, nowMs - n(p.lastLockTimestamp)));
    if (!orderly && nowMs - n(p.lastConsumeTimestamp) > 60_000 && n(p.cachedMsgCount) > 0) {
      lines.push(printf("%s %s can't consume for a while, maybe blocked, %dms%n", clientId, mqText, nowMs - n(p.lastConsumeTimestamp)));
    }
  }
  return lines.join("");
}
