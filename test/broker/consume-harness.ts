// In-process doubles for the consume and client tests: a server that keeps handlers and calls
// them directly, connections that record what the broker sends them, and a BrokerContext over
// in-memory topic and group tables.
import { BrokerError, silentLogger, type SubscriptionGroupConfig, type TopicConfig } from "../../src/common/index.ts";
import { reply, request, type Connection, type Handler, type RemotingCommand } from "../../src/remoting/index.ts";
import type { KeyedTable, MessageStore } from "../../src/store/index.ts";
import type { BrokerContext, BrokerOptions } from "../../src/broker/context.ts";
import { createGroupTable, createTopicTable } from "../../src/broker/topics/index.ts";
import { createClientRegistry, type ClientRegistryControl } from "../../src/broker/clients/index.ts";
import { BrokerMeters, brokerRegistry } from "../../src/broker/index.ts";
import { testBrokerInit } from "./send-harness.ts";

let nextConnectionId = 1;

export class FakeConnection implements Connection {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  readonly sent: RemotingCommand[] = [];
  closed = false;
  readonly queuedBytes = 0;
  private readonly closeListeners: Array<(conn: Connection) => void> = [];

  constructor(port = 40000 + this.id) {
    this.remoteAddress = `127.0.0.1:${port}`;
  }
  invoke(): Promise<RemotingCommand> {
    return Promise.reject(new Error("FakeConnection.invoke is not used by these tests"));
  }
  invokeOneway(cmd: RemotingCommand): void {
    this.sent.push(cmd);
  }
  onClose(listener: (conn: Connection) => void): void {
    this.closeListeners.push(listener);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener(this);
  }
}

/** Stands in for RemotingServer: handlers are called directly, a thrown BrokerError becomes its reply. */
export class FakeServer {
  private readonly handlers = new Map<number, Handler>();
  private readonly closeListeners: Array<(conn: Connection) => void> = [];

  register(code: number, handler: Handler): void {
    if (this.handlers.has(code)) throw new Error(`code ${code} registered twice`);
    this.handlers.set(code, handler);
  }
  onConnectionClose(listener: (conn: Connection) => void): void {
    this.closeListeners.push(listener);
  }
  connect(port?: number): FakeConnection {
    const conn = new FakeConnection(port);
    conn.onClose((closed) => this.closeListeners.forEach((listener) => listener(closed)));
    return conn;
  }
  /** Resolves to the reply, or undefined when the handler answers nothing. */
  async call(
    code: number,
    extFields: Record<string, string | number | boolean | undefined>,
    conn: Connection,
    body?: Uint8Array,
  ): Promise<RemotingCommand | undefined> {
    const handler = this.handlers.get(code);
    if (handler === undefined) throw new Error(`no handler for code ${code}`);
    try {
      return await handler(request(code, extFields, body), conn);
    } catch (err) {
      if (err instanceof BrokerError) return reply(err.code, { remark: err.remark });
      throw err;
    }
  }
}

export function memoryTable<T>(keyOf: (value: T) => string): KeyedTable<T> {
  const rows = new Map<string, T>();
  return {
    all: () => [...rows.values()],
    get: (name) => rows.get(name),
    put: (value) => void rows.set(keyOf(value), value),
    delete: (name) => void rows.delete(name),
  };
}

/** The broker keys of testBrokerInit, with the values these consume tests were written for. */
export const testBrokerOptions = (overrides: Partial<BrokerOptions> = {}): BrokerOptions => ({
  ...testBrokerInit(""),
  listenPort: 10911,
  maxMessageSize: 4 * 1024 * 1024,
  messageDelayLevel: "1s 5s",
  ...overrides,
});

export interface TestContext extends BrokerContext {
  readonly clients: ClientRegistryControl;
}

/** A context over the given store, with topic and group tables kept in memory. */
export function testContext(store: MessageStore, overrides: Partial<BrokerOptions> = {}, now?: () => number): TestContext {
  const options = testBrokerOptions(overrides);
  const topics = createTopicTable({
    persisted: memoryTable<TopicConfig>((t) => t.topicName),
    log: silentLogger,
    autoCreateTopicEnable: options.autoCreateTopicEnable,
    onChange: () => {},
  });
  const groups = createGroupTable({
    persisted: memoryTable<SubscriptionGroupConfig>((g) => g.groupName),
    log: silentLogger,
    autoCreateSubscriptionGroup: options.autoCreateSubscriptionGroup,
  });
  const clients = createClientRegistry({
    log: silentLogger,
    channelExpiredTimeoutMs: options.channelExpiredTimeout,
    notifyConsumerIdsChangedEnable: options.notifyConsumerIdsChangedEnable,
    groups,
    now,
  });
  return { options, store, log: silentLogger, topics, groups, clients, brokerAddr: "127.0.0.1:10911", delayLevelsMs: [1000, 5000],
    meters: new BrokerMeters(brokerRegistry(options)) };
}

const encoder = new TextEncoder();

export function heartbeatBody(
  clientID: string,
  consumers: Array<{ group: string; topics: Record<string, string>; messageModel?: string; subVersion?: number }>,
  producers: string[] = [],
): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      clientID,
      consumerDataSet: consumers.map((c) => ({
        groupName: c.group,
        consumeType: "CONSUME_PASSIVELY",
        messageModel: c.messageModel ?? "CLUSTERING",
        consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET",
        subscriptionDataSet: Object.entries(c.topics).map(([topic, subString]) => ({
          topic,
          subString,
          tagsSet: [],
          codeSet: [],
          subVersion: c.subVersion ?? 1,
        })),
        unitMode: false,
      })),
      producerDataSet: producers.map((groupName) => ({ groupName })),
    }),
  );
}
