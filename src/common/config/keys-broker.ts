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
/** Declared (so `-p` shows it) but read by nothing in mq; the description says why. */
const IGNORED = { ignored: true };
const CAPACITY = { min: 1 };

export const brokerKeys = {
  brokerClusterName: str("DefaultCluster", "cluster the broker registers under", { min: 1 }),
  brokerName: str(() => hostname(), "master/slave group name", { defaultText: "the host name", min: 1 }),
  // -1 is RocketMQ 5's "let the controller assign it" (controller/quick-start/broker-n0.conf).
  brokerId: long(0, "0 = master, above 0 = slave (a master's id is forced to 0), -1 = assigned by a controller",
    { min: -1 }),
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
  traceTopicEnable: bool(false, "mq does not create the message-trace topic", IGNORED),
  msgTraceTopicName: str("RMQ_SYS_TRACE_TOPIC", "mq does not create the message-trace topic", IGNORED),
  flushConsumerOffsetInterval: int(5000, "consumerOffset.json persist period", ms),
  flushDelayOffsetInterval: long(10_000, "mq saves delay offsets with consumer offsets, every flushConsumerOffsetInterval",
    { ...ms, ...IGNORED }),
  longPollingEnable: bool(true, "hold pulls that find nothing until a message arrives"),
  litePullMessageEnable: bool(true, "serve LITE_PULL_MESSAGE, the pull of a 5.x DefaultLitePullConsumer"),
  shortPollingTimeMills: long(1000, "how long a pull waits when long polling is off", ms),
  slaveReadEnable: bool(false, "send a consumer that reads beyond accessMessageInMemoryMaxRatio to the slave (PULL_MESSAGE's suggestWhichBrokerId), and back once it reads near the end"),
  transactionTimeOut: long(6000, "a half message this old without commit or rollback is checked back", ms),
  transactionCheckMax: int(15, "check-backs before a half message moves to TRANS_CHECK_MAX_TIME_TOPIC", { min: 1 }),
  transactionCheckInterval: long(30_000, "period of the transaction check-back round", { unit: "ms", min: 100 }),
  rejectTransactionMessage: bool(false, "refuse half (transactional) messages with NO_PERMISSION"),
  recallMessageEnable: bool(false, "allow RECALL_MESSAGE to cancel a timer message not yet delivered"),
  storeReplyMessageEnable: bool(true, "store replies (request-reply) in <cluster>_REPLY_TOPIC besides pushing them"),
  enablePropertyFilter: bool(false, "allow SQL92 subscriptions"),
  notifyConsumerIdsChangedEnable: bool(true, "tell consumers when their group changes"),
  channelExpiredTimeout: long(120_000, "drop a client silent for this long", ms),
  subscriptionExpiredTimeout: long(600_000, "mq replaces a group's subscriptions on every heartbeat", { ...ms, ...IGNORED }),
  registerNameServerPeriod: int(30_000, "period of broker registration (RocketMQ clamps to 10 s; mq allows 1 s)",
    { unit: "ms", min: 1_000, max: 60_000 }),
  slaveSynchronizeInterval: int(10_000, "how often a slave copies topics, groups, consumer and delay offsets from its master " +
    "(RocketMQ 4.5-4.9: every 10 s, fixed; an mq key)", { unit: "ms", min: 100 }),
  // ACL 2.0 (RocketMQ 5's AuthConfig): users and ACLs in meta.db, managed with the AUTH_* admin codes.
  authenticationEnabled: bool(false, "ACL 2.0: every request must be signed by a user of meta.db (AccessKey = username, secret = password)"),
  authorizationEnabled: bool(false, "ACL 2.0: a Normal user needs an Allow policy for each topic, group or cluster a request touches"),
  initAuthenticationUser: str("", "ACL 2.0: a Super user made at start when absent, as JSON {\"username\":\"rocketmq\",\"password\":\"…\"}", { secret: true }),
  innerClientAuthenticationCredentials: str("", "ACL 2.0: what the broker signs its own requests with, JSON {\"accessKey\":\"…\",\"secretKey\":\"…\"}", { secret: true }),
  authenticationWhitelist: str("", "ACL 2.0: request codes, comma separated, that need no authentication"),
  authorizationWhitelist: str("", "ACL 2.0: request codes, comma separated, that need no authorization"),
  adminAllowedAddresses: str("", "addresses, comma separated, allowed to change topics and groups besides this machine's own addresses ('*': anyone)"),
  brokerFastFailureEnable: bool(true, "answer SYSTEM_BUSY when requests wait too long"),
  waitTimeMillsInSendQueue: long(200, "longest a send may wait before SYSTEM_BUSY", ms),
  waitTimeMillsInPullQueue: long(5000, "longest a pull may wait before SYSTEM_BUSY", ms),
  waitTimeMillsInHeartbeatQueue: long(31_000, "longest a heartbeat may wait before SYSTEM_BUSY", ms),
  waitTimeMillsInTransactionQueue: long(3000, "longest an end-transaction may wait before SYSTEM_BUSY", ms),
  waitTimeMillsInAdminBrokerQueue: long(5000, "longest an admin request may wait before SYSTEM_BUSY", ms),
  // Requests that may wait to start, per kind, over all connections; past it: SYSTEM_BUSY.
  sendThreadPoolQueueCapacity: int(10_000, "sends waiting to start", CAPACITY),
  pullThreadPoolQueueCapacity: int(100_000, "pulls waiting to start", CAPACITY),
  queryThreadPoolQueueCapacity: int(20_000, "message queries waiting to start", CAPACITY),
  heartbeatThreadPoolQueueCapacity: int(50_000, "heartbeats waiting to start", CAPACITY),
  clientManagerThreadPoolQueueCapacity: int(1_000_000, "unregister/check-config requests waiting to start", CAPACITY),
  consumerManagerThreadPoolQueueCapacity: int(1_000_000, "consumer list and offset requests waiting to start", CAPACITY),
  endTransactionPoolQueueCapacity: int(100_000, "end-transaction requests waiting to start", CAPACITY),
  adminBrokerThreadPoolQueueCapacity: int(10_000, "other requests waiting to start", CAPACITY),
  offsetCheckInSlave: bool(false, "mq has no replication yet", IGNORED),
  // Java thread pools and RocketMQ features mq does not have: accepted so broker.conf loads.
  sendMessageThreadPoolNums: int(4, "mq has one event loop, not send threads", { ignored: true }),
  pullMessageThreadPoolNums: int(20, "mq has one event loop, not pull threads", { ignored: true }),
  realTimeNotifyConsumerChange: bool(true, "mq has no such notification tuning", { ignored: true }),
  enableDLegerCommitLog: bool(false, "mq has no DLedger (Raft) commitlog", { ignored: true }),
  dLegerGroup: str("", "mq has no DLedger (Raft) commitlog", { ignored: true }),
  dLegerPeers: str("", "mq has no DLedger (Raft) commitlog", { ignored: true }),
  dLegerSelfId: str("", "mq has no DLedger (Raft) commitlog", { ignored: true }),
  enableControllerMode: bool(false, "the controller (controllerAddr) assigns this broker's role and brokerId and fails over its group"),
  controllerAddr: str("", "the controllers' addresses, host:port, ';'-separated (controller mode)"),
  controllerHeartBeatTimeoutMills: long(10_000, "the controller counts this broker dead after this long without a heartbeat", ms),
  brokerHeartbeatInterval: int(1000, "period of this broker's heartbeats to the controller", { unit: "ms", min: 10 }),
  syncBrokerMetadataPeriod: long(5000, "period of this broker's look at the controller's replica info (a missed role change)", { unit: "ms", min: 100 }),
  checkSyncStateSetPeriod: long(5000, "period of a master's check of its SyncStateSet (shrink and expand)", { unit: "ms", min: 100 }),
  brokerElectionPriority: int(2_147_483_647, "a lower value is preferred when the controller elects a master"),
  enableSlaveActingMaster: bool(false, "mq has no replication, so no slave acting master", { ignored: true }),
  // RocketMQ 5's metrics keys. mq has the Prometheus exporter only; OTLP_GRPC and LOG act as DISABLE.
  metricsExporterType: oneOf(["DISABLE", "OTLP_GRPC", "PROM", "LOG"], "DISABLE",
    "PROM serves /metrics on metricsPromExporterPort (mq has no OTLP or LOG exporter)"),
  metricsPromExporterPort: int(5557, "port of /metrics when metricsExporterType=PROM", PORT),
  metricsPromExporterHost: str("", "address /metrics listens on (empty: brokerIP1)"),
  metricsEnable: bool(true, "mq: count messages, bytes and request latency for /metrics and the console (false: gauges only)"),
  // mq's own: the web console (src/console). all-in-one turns it on.
  consoleEnable: bool(false, "serve the web console and its /api (mq all-in-one: on)"),
  consolePort: int(8080, "port of the web console", PORT),
  consoleAddress: str("127.0.0.1", "address the web console listens on; anything but loopback warns (no login yet)"),
} as const;
