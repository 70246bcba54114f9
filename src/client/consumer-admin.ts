// Requests a broker sends to a live consumer (remoting-protocol.md §2.7):
//
//   RESET_CONSUMER_CLIENT_OFFSET (220), oneway. Header topic, group, timestamp, isForce.
//     Body ResetOffsetBody in fastjson's MessageQueue-key form (§4.8):
//       {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:17,...}}
//   (GET_CONSUMER_RUNNING_INFO and the other admin requests: consumer-requests.ts)
import { decodeResetOffsetHeader, parseBody, type ExtFields } from "../common/index.ts";
import type { MessageQueue } from "./message.ts";

export interface ResetOffsets {
  topic: string;
  group: string;
  offsets: Array<{ mq: MessageQueue; offset: number }>;
}

/** Reads a RESET_CONSUMER_CLIENT_OFFSET request; throws SyntaxError on a malformed body. */
export function readResetOffsets(ext: ExtFields, body: Uint8Array | undefined): ResetOffsets {
  const parsed = parseBody(body) as { offsetTable?: unknown };
  const table = parsed.offsetTable;
  if (typeof table !== "object" || table === null || Array.isArray(table)) throw new SyntaxError("ResetOffsetBody has no offsetTable");
  const offsets: ResetOffsets["offsets"] = [];
  for (const [key, value] of Object.entries(table)) {
    const mq = JSON.parse(key) as Record<string, unknown>;
    const queueId = Number(mq.queueId);
    if (typeof mq.topic !== "string" || typeof mq.brokerName !== "string" || !Number.isInteger(queueId) || typeof value !== "number") {
      throw new SyntaxError(`ResetOffsetBody entry ${key}:${String(value)} is not a queue and an offset`);
    }
    offsets.push({ mq: { topic: mq.topic, brokerName: mq.brokerName, queueId }, offset: value });
  }
  const { topic, group } = decodeResetOffsetHeader(ext);
  return { topic, group, offsets };
}
