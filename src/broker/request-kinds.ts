// Which queue each request code waits in when its connection cannot start it yet, and that
// queue's bounds: RocketMQ's executors (BrokerController.registerProcessor) with their
// BrokerConfig keys. Codes not listed are admin requests, RocketMQ's default processor.
// Wait limits apply only with brokerFastFailureEnable, as BrokerFastFailure's do.
import { RequestCode } from "../common/index.ts";
import type { RequestKind, RequestKinds } from "../remoting/index.ts";

/** The broker.conf keys of the request queues. */
export interface BrokerFlowKeys {
  brokerFastFailureEnable: boolean;
  waitTimeMillsInSendQueue: number;
  waitTimeMillsInPullQueue: number;
  waitTimeMillsInHeartbeatQueue: number;
  waitTimeMillsInTransactionQueue: number;
  waitTimeMillsInAdminBrokerQueue: number;
  sendThreadPoolQueueCapacity: number;
  pullThreadPoolQueueCapacity: number;
  queryThreadPoolQueueCapacity: number;
  heartbeatThreadPoolQueueCapacity: number;
  clientManagerThreadPoolQueueCapacity: number;
  consumerManagerThreadPoolQueueCapacity: number;
  endTransactionPoolQueueCapacity: number;
  adminBrokerThreadPoolQueueCapacity: number;
}

export function requestKindsOf(o: Readonly<BrokerFlowKeys>): RequestKinds {
  const kind = (name: string, capacity: number, waitMs?: number): RequestKind =>
    o.brokerFastFailureEnable && waitMs !== undefined ? { name, capacity, waitMsMax: waitMs } : { name, capacity };
  const byCode = new Map<number, RequestKind>();
  const assign = (k: RequestKind, codes: number[]): void => codes.forEach((code) => byCode.set(code, k));
  const C = RequestCode;
  assign(kind("send", o.sendThreadPoolQueueCapacity, o.waitTimeMillsInSendQueue),
    [C.SEND_MESSAGE, C.SEND_MESSAGE_V2, C.SEND_BATCH_MESSAGE, C.CONSUMER_SEND_MSG_BACK]);
  assign(kind("pull", o.pullThreadPoolQueueCapacity, o.waitTimeMillsInPullQueue), [C.PULL_MESSAGE]);
  assign(kind("query", o.queryThreadPoolQueueCapacity), [C.QUERY_MESSAGE, C.VIEW_MESSAGE_BY_ID]);
  assign(kind("heartbeat", o.heartbeatThreadPoolQueueCapacity, o.waitTimeMillsInHeartbeatQueue), [C.HEART_BEAT]);
  assign(kind("clientManage", o.clientManagerThreadPoolQueueCapacity), [C.UNREGISTER_CLIENT, C.CHECK_CLIENT_CONFIG]);
  assign(kind("consumerManage", o.consumerManagerThreadPoolQueueCapacity),
    [C.GET_CONSUMER_LIST_BY_GROUP, C.UPDATE_CONSUMER_OFFSET, C.QUERY_CONSUMER_OFFSET]);
  assign(kind("endTransaction", o.endTransactionPoolQueueCapacity, o.waitTimeMillsInTransactionQueue), [C.END_TRANSACTION]);
  return { byCode, other: kind("admin", o.adminBrokerThreadPoolQueueCapacity, o.waitTimeMillsInAdminBrokerQueue) };
}
