// The reply header of SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320),
// SendMessageResponseHeader: the one codec. The broker encodes it (src/broker/send/send-reply.ts),
// the client decodes it (src/client/send-request.ts).
//
//   field          type    presence  meaning
//   msgId          string  stored    offsetMsgId; for a batch the ids of all messages joined by ","
//   queueId        int     stored    the queue the producer asked for (or the one picked for it)
//   queueOffset    long    stored    queue offset of the (first) stored message
//   transactionId  string  opt       a half message's UNIQ_KEY
//   recallHandle   string  opt       a timer message's handle for RECALL_MESSAGE (5.x)
//   MSG_REGION     string  NN        "DefaultRegion" (the Java client reads it without a null check)
//   TRACE_ON       string  NN        "true"
//
// A refused send carries only MSG_REGION and TRACE_ON.
import type { ExtFields } from "./header-fields.ts";

export const MSG_REGION_DEFAULT = "DefaultRegion";

export interface SendResponseHeader {
  msgId: string;
  queueId: number;
  queueOffset: number;
  transactionId?: string | undefined;
  recallHandle?: string | undefined;
  msgRegion: string;
  traceOn: boolean;
}

/** Every value a string, set field by field: every stored send gets one. */
export function encodeSendResponseHeader(h: SendResponseHeader): ExtFields {
  const out: ExtFields = {
    msgId: h.msgId,
    queueId: String(h.queueId),
    queueOffset: String(h.queueOffset),
    MSG_REGION: h.msgRegion,
    TRACE_ON: h.traceOn ? "true" : "false",
  };
  if (h.transactionId !== undefined) out.transactionId = h.transactionId;
  if (h.recallHandle !== undefined) out.recallHandle = h.recallHandle;
  return out;
}

/** The header of a refused send. */
export const refusedSendResponseExtFields = (): ExtFields => ({ MSG_REGION: MSG_REGION_DEFAULT, TRACE_ON: "true" });

/** What a reply says; a field the broker left out reads as the fallback given (the request's queue, -1). */
export function decodeSendResponseHeader(ext: ExtFields, queueIdAsked: number): SendResponseHeader {
  const h: SendResponseHeader = {
    msgId: ext.msgId ?? "",
    queueId: ext.queueId === undefined ? queueIdAsked : Number(ext.queueId),
    queueOffset: ext.queueOffset === undefined ? -1 : Number(ext.queueOffset),
    msgRegion: ext.MSG_REGION ?? MSG_REGION_DEFAULT,
    traceOn: ext.TRACE_ON !== "false",
  };
  if (ext.transactionId !== undefined) h.transactionId = ext.transactionId;
  if (ext.recallHandle !== undefined) h.recallHandle = ext.recallHandle;
  return h;
}
