// Broker keys from RocketMQ's BrokerConfig, spelled as in broker.conf. Defaults are RocketMQ's
// (reference/broker-internals.md §13) unless a comment says why mq differs.
import { hostname, networkInterfaces } from "node:os";
import { bool, int, long, oneOf, str } from "./spec.ts";

/** The first non-internal IPv4 address, like RocketMQ's RemotingUtil.getLocalAddress. */
export function firstLocalIPv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

const PORT = { min: 0, max: 65535 };
const ms = { unit: "ms", min: 0 };

export const brokerKeys = {
  brokerClusterName: str("DefaultCluster", "cluster the broker registers under"),
  brokerName: str(() => hostname(), "master/slave group name", { defaultText: "the host name" }),
  brokerId: long(0, "0 = master, above 0 = slave (a master's id is forced to 0)", { min: 0 }),
  namesrvAddr: str("", "name servers, host:port;host:port (empty: register nowhere)", { env: "NAMESRV_ADDR" }),
  listenPort: int(10911, "remoting port for clients and the name server", PORT),
  brokerIP1: str(() => firstLocalIPv4(), "address advertised to the name server and clients",
    { defaultText: "first non-internal IPv4, else 127.0.0.1" }),
  brokerIP2: str((c) => String(c.brokerIP1), "address advertised for HA", { defaultText: "brokerIP1" }),
  brokerRole: oneOf(["ASYNC_MASTER", "SYNC_MASTER", "SLAVE"], "ASYNC_MASTER", "replication role"),
  brokerPermission: int(6, "6 = read and write, 4 = read only, 2 = write only", { min: 0, max: 7 }),
  autoCreateTopicEnable: bool(true, "create TBW102 and auto-create topics on first send"),
  defaultTopicQueueNums: int(8, "queues of an auto-created topic", { min: 1, max: 1024 }),
  autoCreateSubscriptionGroup: bool(true, "create unknown consumer groups on first use"),
  clusterTopicEnable: bool(true, "create a topic named after the cluster"),
  brokerTopicEnable: bool(true, "create a topic named after the broker"),
  traceTopicEnable: bool(false, "create the message-trace topic"),
  msgTraceTopicName: str("RMQ_SYS_TRACE_TOPIC", "name of the message-trace topic"),
  flushConsumerOffsetInterval: int(5000, "consumerOffset.json persist period", ms),
  flushDelayOffsetInterval: long(10_000, "delayOffset.json persist period", ms),
  longPollingEnable: bool(true, "hold pulls that find nothing until a message arrives"),
  litePullMessageEnable: bool(true, "serve LITE_PULL_MESSAGE, the pull of a 5.x DefaultLitePullConsumer"),
  shortPollingTimeMills: long(1000, "how long a pull waits when long polling is off", ms),
  slaveReadEnable: bool(false, "steer reads of cold data to slaves"),
  transactionTimeOut: long(6000, "age after which a half message is checked back", ms),
  transactionCheckMax: int(15, "check-backs before a half message is discarded", { min: 1 }),
  transactionCheckInterval: long(30_000, "period of the half-message check-back", ms),
  rejectTransactionMessage: bool(false, "refuse half messages"),
  enablePropertyFilter: bool(false, "allow SQL92 subscriptions"),
  notifyConsumerIdsChangedEnable: bool(true, "tell consumers when their group changes"),
  channelExpiredTimeout: long(120_000, "drop a client silent for this long", ms),
  subscriptionExpiredTimeout: long(600_000, "drop a subscription unused for this long", ms),
  registerNameServerPeriod: int(30_000, "period of broker registration (RocketMQ clamps to 10 s; mq allows 1 s)",
    { unit: "ms", min: 1_000, max: 60_000 }),
  adminAllowedAddresses: str("", "addresses, comma separated, allowed to change topics and groups besides loopback ('*': anyone)"),
  brokerFastFailureEnable: bool(true, "answer SYSTEM_BUSY when requests wait too long"),
  waitTimeMillsInSendQueue: long(200, "longest a send may wait before SYSTEM_BUSY", ms),
  waitTimeMillsInPullQueue: long(5000, "longest a pull may wait before SYSTEM_BUSY", ms),
  offsetCheckInSlave: bool(false, "let slaves correct consumer offsets"),
  // Java thread pools and RocketMQ features mq does not have: accepted so broker.conf loads.
  sendMessageThreadPoolNums: int(4, "send threads (mq has one event loop)", { ignored: true }),
  pullMessageThreadPoolNums: int(20, "pull threads (mq has one event loop)", { ignored: true }),
  aclEnable: bool(false, "ACL checks (not in mq)", { ignored: true }),
  realTimeNotifyConsumerChange: bool(true, "RocketMQ 5 notification tuning", { ignored: true }),
  enableDLegerCommitLog: bool(false, "Raft CommitLog (not in mq)", { ignored: true }),
  dLegerGroup: str("", "Raft group (not in mq)", { ignored: true }),
  dLegerPeers: str("", "Raft peers (not in mq)", { ignored: true }),
  dLegerSelfId: str("", "Raft self id (not in mq)", { ignored: true }),
  enableControllerMode: bool(false, "controller failover (not in mq)", { ignored: true }),
  controllerAddr: str("", "controller address (not in mq)", { ignored: true }),
  enableSlaveActingMaster: bool(false, "slave acting master (not in mq)", { ignored: true }),
} as const;
