// END_TRANSACTION (37): the producer (or its answer to a check-back) commits or rolls back a half
// message (EndTransactionProcessor). Commit stores the real message (through the delay-level and
// timer routing, so delayed and timed transactional messages work) and then an op record; rollback writes only
// the op record. Unknown (0) is ignored. A commit of a transaction already committed (a late
// END racing a check-back's answer) writes the op record only.
import {
  BrokerError,
  decodeRecord,
  formatProperties,
  ipv4Bytes,
  MessageProperty,
  MessageSysFlag,
  parseProperties,
  propertyOf,
  ResponseCode,
  SystemTopic,
  type EndTransactionRequestHeader,
  type HostAddress,
  type MessageRecord,
} from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { PutResult } from "../../store/index.ts";
import type { BrokerContext } from "../context.ts";
import { isStored, routeDelay, routeTimer } from "../send/index.ts";
import type { CommitLedger } from "./committed.ts";
import { committedMessage } from "./half-record.ts";
import { opMessage } from "./op-message.ts";

export interface EndDeps {
  now: () => number;
  ledger: CommitLedger;
}

export async function handleEndTransaction(ctx: BrokerContext, h: EndTransactionRequestHeader, remark: string | undefined, deps: EndDeps): Promise<RemotingCommand | undefined> {
  if (ctx.options.brokerRole === "SLAVE") {
    return reply(ResponseCode.SLAVE_NOT_AVAILABLE, { remark: "the broker is a slave: end the transaction at its master" });
  }
  const commit = h.commitOrRollback === MessageSysFlag.TRANSACTION_COMMIT;
  if (!commit && h.commitOrRollback !== MessageSysFlag.TRANSACTION_ROLLBACK) {
    ctx.log.info("transaction left open by the producer", { group: h.producerGroup, msgId: h.msgId, fromCheck: h.fromTransactionCheck, remark });
    return undefined;
  }
  const half = halfAt(ctx, h);
  if (!h.fromTransactionCheck && immunityPassed(half, ctx.options.transactionTimeOut, deps.now())) {
    throw new BrokerError(
      ResponseCode.ILLEGAL_OPERATION,
      `the half message ${h.msgId} is past its CHECK_IMMUNITY_TIME_IN_SECONDS: it is ended by the check-back only`,
    );
  }
  if (commit && !deps.ledger.isCommitted(half, deps.now())) {
    const put = await storeCommitted(ctx, half, deps);
    if (!isStored(put)) return reply(finalCode(put), { remark: `commit not stored: ${put.status}: ${put.reason}` });
    deps.ledger.committed(half);
  }
  await writeOp(ctx, half);
  return reply(ResponseCode.SUCCESS);
}

/** The half message the header names, checked as RocketMQ's checkPrepareMessage does. */
function halfAt(ctx: BrokerContext, h: EndTransactionRequestHeader): MessageRecord {
  const bytes = ctx.store.recordAt(h.commitLogOffset);
  const record = bytes === undefined ? undefined : decodeRecord(bytes);
  if (record === undefined || record.topic !== SystemTopic.TRANS_HALF) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `Find prepared transaction message failed: no half message at commitLogOffset ${h.commitLogOffset}`);
  }
  if (propertyOf(record.properties, MessageProperty.PGROUP) !== h.producerGroup) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `The producer group wrong: the half message belongs to another producer group than ${h.producerGroup}`);
  }
  if (record.queueOffset !== h.tranStateTableOffset) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, `The transaction state table offset wrong: ${h.tranStateTableOffset}, the half message is at ${record.queueOffset}`);
  }
  return record;
}

/** RocketMQ's rejectCommitOrRollback: with CHECK_IMMUNITY_TIME_IN_SECONDS set, only a check may
 *  end the transaction once that time (at least transactionTimeOut) has passed since birth. */
export function immunityMs(properties: string, transactionTimeOutMs: number): number | undefined {
  const text = propertyOf(properties, MessageProperty.CHECK_IMMUNITY_TIME_IN_SECONDS);
  if (text === undefined || text === "") return undefined;
  const ms = Number(text) * 1000;
  return Number.isFinite(ms) && ms > transactionTimeOutMs ? ms : transactionTimeOutMs;
}

function immunityPassed(half: MessageRecord, transactionTimeOutMs: number, nowMs: number): boolean {
  const ms = immunityMs(half.properties, transactionTimeOutMs);
  return ms !== undefined && nowMs - half.bornTimestamp > ms;
}

async function storeCommitted(ctx: BrokerContext, half: MessageRecord, deps: EndDeps): Promise<PutResult> {
  const made = committedMessage(half);
  if (made === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, "the half message has no REAL_TOPIC: it cannot be committed");
  const { message, properties } = made;
  const real = { topic: message.topic, queueId: message.queueId };
  const to = routeTimer(ctx, message.sysFlag, properties, routeDelay(ctx, message.sysFlag, properties, real), deps.now());
  return ctx.store.put({ ...message, topic: to.topic, queueId: to.queueId, properties: formatProperties(properties) });
}

/** Marks the half message done (its op record); a failed write is logged and the check-back
 *  will ask again. */
export async function writeOp(ctx: BrokerContext, half: MessageRecord): Promise<void> {
  const txId = parseProperties(half.properties).get(MessageProperty.UNIQ_KEY);
  const put = await ctx.store.put(opMessage(half.queueId, half.queueOffset, txId, brokerHost(ctx)));
  if (!isStored(put)) ctx.log.warn("transaction op record not written; the check-back will ask again", { status: put.status, reason: put.reason });
}

/** The broker's own address as a born host (records hold IPv4 only). */
export function brokerHost(ctx: BrokerContext): HostAddress {
  const port = Number(ctx.brokerAddr.slice(ctx.brokerAddr.lastIndexOf(":") + 1)) || 0;
  try {
    ipv4Bytes(ctx.options.brokerIP1);
    return { ip: ctx.options.brokerIP1, port };
  } catch {
    return { ip: "0.0.0.0", port };
  }
}

function finalCode(put: Exclude<PutResult, { status: "PUT_OK" | "FLUSH_DISK_TIMEOUT" }>): number {
  if (put.status === "MESSAGE_ILLEGAL" || put.status === "PROPERTIES_SIZE_EXCEEDED") return ResponseCode.MESSAGE_ILLEGAL;
  if (put.status === "SERVICE_NOT_AVAILABLE") return ResponseCode.SERVICE_NOT_AVAILABLE;
  return ResponseCode.SYSTEM_ERROR;
}
