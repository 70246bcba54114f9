// Shared by the broker-core tests (send, topics, admin, registration): a real store in a temp
// directory with small segments, a BrokerContext over it built from the real tables, an
// in-process handler table that answers like the RemotingServer does, and full Broker options.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrokerError, formatProperties, ResponseCode, silentLogger } from "../../src/common/index.ts";
import {
  reply,
  request,
  type Connection,
  type ExtFieldsInit,
  type Handler,
  type RemotingCommand,
} from "../../src/remoting/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import type { BrokerInit, SendHeader } from "../../src/broker/index.ts";
import { BrokerMeters, brokerRegistry, parseDelayLevels, storeOptionsOf } from "../../src/broker/index.ts";
import type { BrokerContext } from "../../src/broker/context.ts";
import { createClientRegistry } from "../../src/broker/clients/index.ts";
import { createGroupTable, createTopicTable, seedSystemTopics } from "../../src/broker/topics/index.ts";

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every key a Broker reads, with RocketMQ's defaults except small segments and fast periods. */
export function testBrokerInit(rootDir: string, overrides: Partial<BrokerInit> = {}): BrokerInit {
  return {
    brokerClusterName: "DefaultCluster",
    brokerName: "broker-a",
    brokerId: 0,
    brokerIP1: "127.0.0.1",
    listenPort: 0,
    namesrvAddr: "",
    brokerRole: "ASYNC_MASTER",
    flushDiskType: "ASYNC_FLUSH",
    brokerPermission: 6,
    autoCreateTopicEnable: true,
    defaultTopicQueueNums: 8,
    autoCreateSubscriptionGroup: true,
    registerNameServerPeriod: 30_000,
    longPollingEnable: true,
    shortPollingTimeMills: 1000,
    maxMessageSize: 64 * 1024,
    messageDelayLevel: "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h",
    channelExpiredTimeout: 120_000,
    notifyConsumerIdsChangedEnable: true,
    enablePropertyFilter: false,
    maxTransferCountOnMessageInMemory: 32,
    maxTransferBytesOnMessageInMemory: 262_144,
    clusterTopicEnable: true,
    brokerTopicEnable: true,
    transactionTimeOut: 6000,
    transactionCheckMax: 15,
    transactionCheckInterval: 30_000,
    rejectTransactionMessage: false,
    storeReplyMessageEnable: true,
    timerWheelEnable: true,
    timerMaxDelaySec: 259_200,
    timerPrecisionMs: 1000,
    recallMessageEnable: false,
    haMasterAddress: "",
    haSendHeartbeatInterval: 5000,
    haHousekeepingInterval: 20_000,
    haTransferBatchSize: 32_768,
    haMaxGapNotInSync: 268_435_456,
    slaveTimeout: 3000,
    slaveSynchronizeInterval: 10_000,
    allAckInSyncStateSet: false,
    minInSyncReplicas: 1,
    haMaxTimeSlaveNotCatchup: 15_000,
    storePathRootDir: rootDir,
    storePathCommitLog: join(rootDir, "commitlog"),
    mappedFileSizeCommitLog: 1024 * 1024,
    mappedFileSizeConsumeQueue: 20 * 1000,
    flushIntervalCommitLog: 500,
    flushCommitLogLeastPages: 4,
    flushCommitLogThoroughInterval: 10_000,
    syncFlushTimeout: 5000,
    deleteWhen: "04",
    fileReservedTime: 72,
    diskMaxUsedSpaceRatio: 75,
    diskSpaceCleanForciblyRatio: 85,
    cleanFileForciblyEnable: true,
    diskSpaceWarningLevelRatio: 90,
    cleanResourceInterval: 60_000,
    checkCRCOnRecover: true,
    messageIndexEnable: true,
    flushConsumerOffsetInterval: 5000,
    brokerFastFailureEnable: true,
    waitTimeMillsInSendQueue: 200,
    waitTimeMillsInPullQueue: 5000,
    waitTimeMillsInHeartbeatQueue: 31_000,
    waitTimeMillsInTransactionQueue: 3000,
    waitTimeMillsInAdminBrokerQueue: 5000,
    sendThreadPoolQueueCapacity: 10_000,
    pullThreadPoolQueueCapacity: 100_000,
    queryThreadPoolQueueCapacity: 20_000,
    heartbeatThreadPoolQueueCapacity: 50_000,
    clientManagerThreadPoolQueueCapacity: 1_000_000,
    consumerManagerThreadPoolQueueCapacity: 1_000_000,
    endTransactionPoolQueueCapacity: 100_000,
    adminBrokerThreadPoolQueueCapacity: 10_000,
    log: silentLogger,
    ...overrides,
  };
}

export interface TestContext {
  ctx: BrokerContext;
  options: BrokerInit;
  store: MessageStore;
  /** How many times a topic change asked for registration. */
  topicChanges(): number;
  close(): Promise<void>;
}

/** A store in a fresh temp dir and a context over it (system topics seeded); close() removes all. */
export async function openTestContext(overrides: Partial<BrokerInit> = {}, dir = tempDir("mq-broker-")): Promise<TestContext> {
  const options = testBrokerInit(dir.path, overrides);
  const delayLevelsMs = parseDelayLevels(options.messageDelayLevel);
  const store = await openStore({
    ...storeOptionsOf(options, { ip: "127.0.0.1", port: 10911 }, delayLevelsMs, silentLogger),
    diskUsedRatio: () => 10,
  });
  let changes = 0;
  const topics = createTopicTable({
    persisted: store.meta.topics,
    log: silentLogger,
    autoCreateTopicEnable: options.autoCreateTopicEnable,
    onChange: () => void changes++,
  });
  seedSystemTopics(topics, { ...options, delayLevelCount: delayLevelsMs.length });
  const groups = createGroupTable({
    persisted: store.meta.subscriptionGroups,
    log: silentLogger,
    autoCreateSubscriptionGroup: options.autoCreateSubscriptionGroup,
  });
  const clients = createClientRegistry({
    log: silentLogger,
    channelExpiredTimeoutMs: 120_000,
    notifyConsumerIdsChangedEnable: true,
    groups,
  });
  const ctx: BrokerContext = {
    meters: new BrokerMeters(brokerRegistry(options)),
    options,
    store,
    log: silentLogger,
    topics,
    groups,
    clients,
    brokerAddr: "127.0.0.1:10911",
    delayLevelsMs,
  };
  return {
    ctx,
    options,
    store,
    topicChanges: () => changes,
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

export function fakeConnection(remoteAddress = "127.0.0.1:50001"): Connection {
  return {
    id: 1,
    remoteAddress,
    invoke: () => Promise.reject(new Error("not used")),
    invokeOneway: () => {},
    close: () => {},
    closed: false,
    queuedBytes: 0,
  };
}

/** Stands in for RemotingServer: keeps handlers, answers a thrown BrokerError as the server does. */
export class HandlerTable {
  private readonly handlers = new Map<number, Handler>();

  register(code: number, handler: Handler): void {
    if (this.handlers.has(code)) throw new Error(`code ${code} registered twice`);
    this.handlers.set(code, handler);
  }

  has(code: number): boolean {
    return this.handlers.has(code);
  }

  async call(code: number, extFields: ExtFieldsInit = {}, body?: Uint8Array, conn = fakeConnection()): Promise<RemotingCommand> {
    return this.send(request(code, extFields, body), conn);
  }

  async send(req: RemotingCommand, conn = fakeConnection()): Promise<RemotingCommand> {
    const handler = this.handlers.get(req.code);
    if (handler === undefined) throw new Error(`no handler for code ${req.code}`);
    try {
      const res = await handler(req, conn);
      if (res === undefined) throw new Error(`handler for ${req.code} answered nothing`);
      return res;
    } catch (e) {
      if (e instanceof BrokerError) return reply(e.code, { remark: e.remark });
      return reply(ResponseCode.SYSTEM_ERROR, { remark: String(e) });
    }
  }
}

const utf8 = new TextEncoder();
const decoder = new TextDecoder();
export const bytes = (text: string): Uint8Array => utf8.encode(text);
export const text = (b: Uint8Array | undefined): string => decoder.decode(b ?? new Uint8Array());

/** A SEND_MESSAGE(_V2) header: a plain message to queue 0 of TopicTest, sent now, unless overridden. */
export function sendHeader(overrides: Partial<SendHeader> = {}): SendHeader {
  return {
    producerGroup: "pg",
    topic: "TopicTest",
    defaultTopic: "TBW102",
    defaultTopicQueueNums: 4,
    queueId: 0,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: formatProperties({}),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
    maxReconsumeTimes: undefined,
    ...overrides,
  };
}

/** A frame with a JSON header written by hand (serializeType 0), the way ali-ons and the Java client
 *  write one: the header object is serialized as given, types and field order included. */
export function jsonHeaderFrame(header: object, body: Uint8Array): Uint8Array {
  const headerJson = utf8.encode(JSON.stringify(header));
  const frame = new Uint8Array(8 + headerJson.length + body.length);
  const view = new DataView(frame.buffer);
  view.setInt32(0, 4 + headerJson.length + body.length);
  view.setInt32(4, headerJson.length);
  frame.set(headerJson, 8);
  frame.set(body, 8 + headerJson.length);
  return frame;
}
