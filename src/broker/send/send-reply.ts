// The reply to a send: its code and remark from the put and replication outcome; the header,
// SendMessageResponseHeader, through its codec (src/common/protocol/send-response-header.ts).
import {
  encodeSendResponseHeader, MessageProperty, MSG_REGION_DEFAULT, propertyOf, refusedSendResponseExtFields, ResponseCode,
} from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { PutOk, PutResult } from "../../store/index.ts";
import type { SlaveStatus } from "../../ha/index.ts";
import type { BrokerContext } from "../context.ts";

export { MSG_REGION_DEFAULT };

const REFUSED_CODES = {
  MESSAGE_ILLEGAL: ResponseCode.MESSAGE_ILLEGAL,
  PROPERTIES_SIZE_EXCEEDED: ResponseCode.MESSAGE_ILLEGAL,
  SERVICE_NOT_AVAILABLE: ResponseCode.SERVICE_NOT_AVAILABLE,
  UNKNOWN_ERROR: ResponseCode.SYSTEM_ERROR,
} as const;

const SLAVE_CODES = {
  FLUSH_SLAVE_TIMEOUT: ResponseCode.FLUSH_SLAVE_TIMEOUT,
  SLAVE_NOT_AVAILABLE: ResponseCode.SLAVE_NOT_AVAILABLE,
} as const;

const SLAVE_REMARKS = {
  FLUSH_SLAVE_TIMEOUT: "stored on the master, but no slave acknowledged it within slaveTimeout",
  SLAVE_NOT_AVAILABLE: "stored on the master, but no slave is connected or the best is more than haMaxGapNotInSync behind",
} as const;

/** SUCCESS, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE (all mean stored on this
 *  broker, as RocketMQ: a not-OK flush or slave status overrides SUCCESS) with the send header;
 *  else the store's reason. */
export function sendReply(result: PutResult, queueId: number, slave: SlaveStatus = "PUT_OK"): RemotingCommand {
  if (isStored(result)) {
    const code = result.status === "FLUSH_DISK_TIMEOUT" ? ResponseCode.FLUSH_DISK_TIMEOUT
      : slave === "PUT_OK" ? ResponseCode.SUCCESS : SLAVE_CODES[slave];
    const res = reply(code);
    res.extFields = encodeSendResponseHeader({
      msgId: result.msgIds.length === 1 ? result.msgIds[0]! : result.msgIds.join(","),
      queueId,
      queueOffset: result.queueOffset,
      msgRegion: MSG_REGION_DEFAULT,
      traceOn: true,
    });
    if (code === ResponseCode.FLUSH_DISK_TIMEOUT) res.remark = "stored, but not flushed within syncFlushTimeout";
    else if (slave !== "PUT_OK") res.remark = SLAVE_REMARKS[slave];
    return res;
  }
  return reply(REFUSED_CODES[result.status], {
    extFields: refusedSendResponseExtFields(),
    remark: `${result.status}: ${result.reason}`,
  });
}

export const isStored = (r: PutResult): r is PutOk => r.status === "PUT_OK" || r.status === "FLUSH_DISK_TIMEOUT";

/** The reply once replication had its say: SYNC_MASTER waits for a slave to hold the records
 *  (one wait shared by every send in the window) unless the producer said WAIT=false
 *  (waitStoreMsgOK); others answer at once. */
export function replicatedReply(
  ctx: BrokerContext, result: PutResult, queueId: number, producerProperties: string,
): RemotingCommand | Promise<RemotingCommand> {
  if (ctx.replication === undefined || !isStored(result)) return sendReply(result, queueId);
  if (propertyOf(producerProperties, MessageProperty.WAIT) === "false") return sendReply(result, queueId);
  const slave = ctx.replication.afterPut(result.nextPhysicalOffset);
  return typeof slave === "string" ? sendReply(result, queueId, slave) : slave.then((s) => sendReply(result, queueId, s));
}
