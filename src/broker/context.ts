// What every broker request handler receives. Constructed once by broker.ts from the frozen
// configuration; handlers never reach for globals.

import type { Logger, SubscriptionGroupConfig, TopicConfig } from "../common/index.ts";
import type { MessageStore } from "../store/index.ts";
import type { Connection, RemotingServer } from "../remoting/index.ts";
import type { SlaveStatus } from "../ha/index.ts";
import type { BrokerMeters } from "./metrics/index.ts";

/** The .properties keys the broker reads; the config module's BrokerConfig satisfies it structurally. */
export interface BrokerOptions {
  brokerClusterName: string;
  brokerName: string;
  brokerId: number;
  brokerIP1: string;
  listenPort: number;
  namesrvAddr: string;
  brokerRole: "ASYNC_MASTER" | "SYNC_MASTER" | "SLAVE";
  flushDiskType: "ASYNC_FLUSH" | "SYNC_FLUSH";
  brokerPermission: number;
  autoCreateTopicEnable: boolean;
  defaultTopicQueueNums: number;
  autoCreateSubscriptionGroup: boolean;
  registerNameServerPeriod: number;
  longPollingEnable: boolean;
  /** Serve LITE_PULL_MESSAGE (361); absent = true, as RocketMQ's default. */
  litePullMessageEnable?: boolean;
  shortPollingTimeMills: number;
  maxMessageSize: number;
  messageDelayLevel: string;
  channelExpiredTimeout: number;
  notifyConsumerIdsChangedEnable: boolean;
  enablePropertyFilter: boolean;
  maxTransferCountOnMessageInMemory: number;
  maxTransferBytesOnMessageInMemory: number;
  /** The share of RAM (%) counted as in memory back from the commitlog's end; absent = 40. */
  accessMessageInMemoryMaxRatio?: number;
  /** A pull reading beyond it is told to go to the slave (suggestWhichBrokerId); absent = false. */
  slaveReadEnable?: boolean;
  clusterTopicEnable: boolean;
  /** Create msgTraceTopicName (RMQ_SYS_TRACE_TOPIC) at start; absent = false, as RocketMQ's default. */
  traceTopicEnable?: boolean;
  msgTraceTopicName?: string;
  brokerTopicEnable: boolean;
  /** Transactions: a half message older than this (ms) is checked back, every
   *  transactionCheckInterval ms, at most transactionCheckMax times. */
  transactionTimeOut: number;
  transactionCheckMax: number;
  transactionCheckInterval: number;
  rejectTransactionMessage: boolean;
  /** Request-reply: also store replies in <cluster>_REPLY_TOPIC. */
  storeReplyMessageEnable: boolean;
  /** Timer messages: accepted at all, the longest delay (s), the timer service's longest sleep (ms). */
  timerWheelEnable: boolean;
  timerMaxDelaySec: number;
  timerPrecisionMs: number;
  /** RECALL_MESSAGE may cancel pending timer messages. */
  recallMessageEnable: boolean;
  /** Who may send mutating admin requests: addresses separated by ',' or ';', "*" = anyone.
   *  Absent or empty: this machine only (loopback and its interface addresses). (mq key; RocketMQ guards admin with ACL instead.) */
  adminAllowedAddresses?: string;
  /** ACL 1.0: every request checked against aclFile (plain_acl.yml), re-read every
   *  aclFileCheckInterval ms when it changed. Absent = off. */
  aclEnable?: boolean;
  aclFile?: string;
  aclFileCheckInterval?: number;
  /** RocketMQ's install directory: the default aclFile is its conf/plain_acl.yml. */
  rocketmqHome?: string;
  /** ACL 2.0 (RocketMQ 5's AuthConfig keys); absent = off. */
  authenticationEnabled?: boolean;
  authorizationEnabled?: boolean;
  initAuthenticationUser?: string;
  innerClientAuthenticationCredentials?: string;
  authenticationWhitelist?: string;
  authorizationWhitelist?: string;
  /** PROM serves /metrics on metricsPromExporterHost (empty: brokerIP1):metricsPromExporterPort.
   *  Absent or anything else: no exporter (the meters still count, for the console). */
  metricsExporterType?: string;
  metricsPromExporterHost?: string;
  metricsPromExporterPort?: number;
  /** Count messages, bytes and request latency (absent = true); false leaves /metrics its gauges. */
  metricsEnable?: boolean;
}

/** Topic configs: in memory, persisted through store.meta.topics. */
export interface TopicTable {
  get(topic: string): TopicConfig | undefined;
  all(): TopicConfig[];
  /** Create or replace; persists and triggers registration with the NameServers. */
  put(config: TopicConfig): void;
  delete(topic: string): void;
  /** RocketMQ's auto-create through TBW102 (or a default topic the client names) when allowed. */
  createOnSend(topic: string, defaultTopic: string, queueNums: number, sysFlag: number): TopicConfig | undefined;
  /** %RETRY%/%DLQ% topics made on demand with the given queue count. */
  createSystemTopic(topic: string, queueNums: number, perm: number): TopicConfig;
  /** Resolves once the NameServers were sent the table as of the last change (never rejects). */
  announced(): Promise<void>;
}

/** Subscription groups: in memory, persisted through store.meta.subscriptionGroups. */
export interface GroupTable {
  get(group: string): SubscriptionGroupConfig | undefined;
  all(): SubscriptionGroupConfig[];
  put(config: SubscriptionGroupConfig): void;
  delete(group: string): void;
  /** The group's config, created with defaults if autoCreateSubscriptionGroup allows. */
  findOrCreate(group: string): SubscriptionGroupConfig | undefined;
  /** Bumped on every change; GET_ALL_SUBSCRIPTIONGROUP_CONFIG reports it. */
  dataVersion(): { timestamp: number; counter: number };
}

export interface ConsumerSubscription {
  topic: string;
  subString: string;
  expressionType: "TAG" | "SQL92";
  tagsSet: string[];
  codeSet: number[];
  subVersion: number;
}

export interface ClientChannel {
  clientId: string;
  connection: Connection;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export interface ConsumerGroupInfo {
  group: string;
  consumeType: string;
  messageModel: "CLUSTERING" | "BROADCASTING";
  consumeFromWhere: string;
  subscriptions: Map<string, ConsumerSubscription>;
  channels: Map<string, ClientChannel>;
}

/** Producers and consumers learned from HEART_BEAT; dropped after channelExpiredTimeout of silence. */
export interface ClientRegistry {
  consumerGroup(group: string): ConsumerGroupInfo | undefined;
  consumerGroups(): ConsumerGroupInfo[];
  producerGroups(): Map<string, Map<string, ClientChannel>>;
  /** Client ids of a group's consumers, sorted. */
  consumerIds(group: string): string[];
}

export interface BrokerContext {
  readonly options: BrokerOptions;
  readonly store: MessageStore;
  readonly log: Logger;
  readonly topics: TopicTable;
  readonly groups: GroupTable;
  readonly clients: ClientRegistry;
  /** The advertised address, "ip:port". */
  readonly brokerAddr: string;
  /** Milliseconds per delay level (messageDelayLevel parsed), level n at index n-1. */
  readonly delayLevelsMs: readonly number[];
  /** Replication of this broker's role; absent in handler tests (a lone master). */
  readonly replication?: {
    /** SYNC_MASTER waits for a slave to hold everything below nextPhysicalOffset; others say PUT_OK. */
    afterPut(nextPhysicalOffset: number): SlaveStatus | Promise<SlaveStatus>;
    /** Why a send must be refused before it is stored (controller mode's minInSyncReplicas). */
    beforePut?(): string | undefined;
    /** Its keys in GET_BROKER_RUNTIME_INFO (role, slaves' lag). */
    runtimeKeys?(): Record<string, string>;
  };
  /** Where the hot paths count messages, bytes and request latency (RocketMQ 5's metrics). */
  readonly meters: BrokerMeters;
}

/** Where handlers are registered: a RemotingServer, or a plain table in handler tests. */
export type HandlerRegistry = Pick<RemotingServer, "register">;
