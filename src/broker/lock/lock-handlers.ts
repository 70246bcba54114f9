// LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42) (remoting-protocol.md §2.4, §4.7). No header.
//   request body  {"clientId":"..","consumerGroup":"..","mqSet":[{"brokerName":"b","queueId":0,"topic":"T"}]}
//                 (5.x adds "onlyThisBroker", ignored: this broker only ever locks its own queues)
//   41 reply      SUCCESS, body {"lockOKMQSet":[MessageQueue...]}: the requested queues the client now holds
//   42 reply      SUCCESS, no body
import {
  BrokerError,
  jsonBody,
  parseBody,
  RequestCode,
  ResponseCode,
  type MessageQueue,
} from "../../common/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import type { QueueLockTable } from "./lock-table.ts";

export interface LockBatchBody {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
}

const bad = (what: string): BrokerError => new BrokerError(ResponseCode.SYSTEM_ERROR, `malformed LockBatchRequestBody: ${what}`);

function text(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== "string" || v.length === 0) throw bad(`${key} must be a non-empty string`);
  return v;
}

export function readLockBatchBody(body: Uint8Array | undefined): LockBatchBody {
  let parsed: unknown;
  try {
    parsed = parseBody(body);
  } catch (e) {
    throw bad(e instanceof Error ? e.message : String(e));
  }
  if (typeof parsed !== "object" || parsed === null) throw bad("not a JSON object");
  const o = parsed as Record<string, unknown>;
  const set = o.mqSet ?? [];
  if (!Array.isArray(set)) throw bad("mqSet is not an array");
  const mqSet = set.map((v: unknown): MessageQueue => {
    if (typeof v !== "object" || v === null) throw bad("an mqSet element is not an object");
    const mq = v as Record<string, unknown>;
    const queueId = Number(mq.queueId);
    if (!Number.isInteger(queueId) || queueId < 0) throw bad("queueId must be a non-negative integer");
    return { topic: text(mq, "topic"), brokerName: text(mq, "brokerName"), queueId };
  });
  return { consumerGroup: text(o, "consumerGroup"), clientId: text(o, "clientId"), mqSet };
}

export function lockHandlers(ctx: BrokerContext, locks: QueueLockTable): Array<[number, Handler]> {
  return [
    [
      RequestCode.LOCK_BATCH_MQ,
      (req, conn) => {
        const b = readLockBatchBody(req.body);
        const lockOKMQSet = locks.lock(b.consumerGroup, b.clientId, b.mqSet, conn.id);
        if (lockOKMQSet.length < b.mqSet.length) {
          ctx.log.info("queue lock refused: held by another client", {
            group: b.consumerGroup, client: b.clientId, asked: b.mqSet.length, granted: lockOKMQSet.length,
          });
        }
        return reply(ResponseCode.SUCCESS, { body: jsonBody({ lockOKMQSet }) });
      },
    ],
    [
      RequestCode.UNLOCK_BATCH_MQ,
      (req) => {
        const b = readLockBatchBody(req.body);
        locks.unlock(b.consumerGroup, b.clientId, b.mqSet);
        return reply(ResponseCode.SUCCESS);
      },
    ],
  ];
}
