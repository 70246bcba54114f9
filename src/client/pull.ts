// PULL_MESSAGE (11) from the client's side (remoting-protocol.md §2.4): the request header as
// Java's PullAPIWrapper writes it, and the answer mapped to a PullResult with the messages
// decoded, re-filtered by tag and stamped with MIN_OFFSET / MAX_OFFSET.
// The header itself is common/protocol/pull-header.ts's.
import { decodePullResponseHeader, PullSysFlag, pullMessageExtFields, RequestCode, ResponseCode, type SubscriptionData } from "../common/index.ts";
import { request, type RemotingClient, type RemotingCommand } from "../remoting/index.ts";
import { decodePulledMessages } from "./decode-messages.ts";
import { ClientError } from "./errors.ts";
import type { MessageExt, MessageQueue } from "./message.ts";
import { tagsMatch } from "./subscription.ts";

export type PullStatus = "FOUND" | "NO_NEW_MSG" | "NO_MATCHED_MSG" | "OFFSET_ILLEGAL";

export interface PullResult {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  messages: MessageExt[];
  /** Which of the broker's nodes to pull this queue from next (0: the master). */
  suggestWhichBrokerId: number;
}

export interface PullArgs {
  group: string;
  mq: MessageQueue;
  queueOffset: number;
  maxMsgNums: number;
  subscription: SubscriptionData;
  /** The offset to piggy-back for the broker to store; undefined = none. */
  commitOffset?: number;
  /** Long-poll hold time asked of the broker; 0 = answer at once. */
  suspendTimeoutMs: number;
  /** Send the expression with the pull (else the broker uses the heartbeat's); always for SQL92. */
  postSubscription: boolean;
  /** Restores the topic of messages from this group's %RETRY% topic. */
  restoreRetryTopic: boolean;
}

const STATUS_BY_CODE: Readonly<Record<number, PullStatus>> = {
  [ResponseCode.SUCCESS]: "FOUND",
  [ResponseCode.PULL_NOT_FOUND]: "NO_NEW_MSG",
  [ResponseCode.PULL_RETRY_IMMEDIATELY]: "NO_MATCHED_MSG",
  [ResponseCode.PULL_OFFSET_MOVED]: "OFFSET_ILLEGAL",
};

export async function pullMessage(rc: RemotingClient, addr: string, a: PullArgs, timeoutMs: number): Promise<PullResult> {
  return readPull(await sendPull(rc, addr, a, timeoutMs), a, addr);
}

/** Sends the PULL_MESSAGE request; the raw answer, for readPull (or nextOffsetOf first, to pull ahead). */
export function sendPull(rc: RemotingClient, addr: string, a: PullArgs, timeoutMs: number): Promise<RemotingCommand> {
  const commit = a.commitOffset !== undefined && a.commitOffset > 0;
  const post = a.postSubscription || a.subscription.expressionType !== "TAG";
  const sysFlag =
    (commit ? PullSysFlag.COMMIT_OFFSET : 0) |
    (a.suspendTimeoutMs > 0 ? PullSysFlag.SUSPEND : 0) |
    (post ? PullSysFlag.SUBSCRIPTION : 0);
  const header = pullMessageExtFields({
    consumerGroup: a.group,
    topic: a.mq.topic,
    queueId: a.mq.queueId,
    queueOffset: a.queueOffset,
    maxMsgNums: a.maxMsgNums,
    sysFlag,
    commitOffset: commit ? (a.commitOffset ?? 0) : 0,
    suspendTimeoutMillis: a.suspendTimeoutMs,
    subscription: post ? a.subscription.subString : undefined,
    subVersion: a.subscription.subVersion,
    expressionType: a.subscription.expressionType,
  });
  return rc.invoke(addr, request(RequestCode.PULL_MESSAGE, header), timeoutMs);
}

/** Where the next pull starts when this answer found messages; undefined for any other answer. */
export function foundNextOffset(res: RemotingCommand, a: PullArgs): number | undefined {
  return STATUS_BY_CODE[res.code] === "FOUND" ? decodePullResponseHeader(res.extFields, a.queueOffset).nextBeginOffset : undefined;
}

/** The answer as a PullResult, messages decoded; throws ClientError for a refusal. */
export function readPull(res: RemotingCommand, a: PullArgs, addr: string): PullResult {
  const status = STATUS_BY_CODE[res.code];
  if (status === undefined) throw new ClientError(res.code, `pull ${a.mq.topic}:${a.mq.queueId} from ${addr}: code ${res.code}, ${res.remark ?? ""}`);
  const h = decodePullResponseHeader(res.extFields, a.queueOffset);
  const result: PullResult = { status, nextBeginOffset: h.nextBeginOffset, minOffset: h.minOffset, maxOffset: h.maxOffset, messages: [], suggestWhichBrokerId: h.suggestWhichBrokerId || 0 };
  if (status === "FOUND") {
    const decoded = decodePulledMessages(res.body, a.mq.brokerName, a.restoreRetryTopic ? a.group : undefined);
    result.messages = decoded.filter((m) => tagsMatch(a.subscription, m.tags));
    const minOffset = String(result.minOffset);
    const maxOffset = String(result.maxOffset);
    for (const m of result.messages) {
      m.properties.MIN_OFFSET = minOffset;
      m.properties.MAX_OFFSET = maxOffset;
    }
  }
  return result;
}
