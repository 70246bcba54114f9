// The push consumer: subscribes topics, owns a share of their queues (rebalanced every
// rebalanceIntervalMs, at start and when a broker sends NOTIFY_CONSUMER_IDS_CHANGED), pulls
// them with long polling and calls the listener. A concurrent listener's failures go back to the
// broker for a later retry from %RETRY%<group>; an orderly listener consumes each queue one batch
// at a time and, in CLUSTERING mode, only while it holds the queue's broker lock.
//
//   const consumer = new PushConsumer({ namesrvAddr: "127.0.0.1:9876", consumerGroup: "cg" });
//   consumer.subscribe("T", "TagA || TagB");                               // or { type: "SQL92", expression: "a > 5" }
//   consumer.registerMessageListener(async (msgs) => "CONSUME_SUCCESS");   // or registerMessageListenerOrderly
//   await consumer.start();
//
// Queue hand-over (orderly CLUSTERING): a dropped queue's worker is stopped (its batch in the
// listener finishes), its offset committed and awaited, then UNLOCK_BATCH_MQ; a new owner locks
// first and reads the committed offset after. Rebalances, lock renewals and offset resets run one
// at a time, so a renewal never re-locks a queue being handed over.
import { join } from "node:path";
import { RequestCode, ResponseCode, retryTopicOf, type HeartbeatData, type SubscriptionData } from "../common/index.ts";
import { reply, type Handler } from "../remoting/index.ts";
import { checkClientConfig, unregisterClient } from "./broker-api.ts";
import { ClientCore } from "./client-core.ts";
import { ConsumeLimit } from "./consume-limit.ts";
import { readResetOffsets } from "./consumer-admin.ts";
import { consumerRequestHandlers } from "./consumer-requests.ts";
import { ConsumerStats } from "./consumer-stats.ts";
import { isTransportError } from "./errors.ts";
import { resolveConsumerOptions, type PushConsumerOptions, type ResolvedConsumerOptions } from "./consumer-options.ts";
import { MAX_RECONSUME_TIMES_CONCURRENTLY, MAX_RECONSUME_TIMES_ORDERLY, type ConsumeMode, type MessageListener, type MessageListenerOrderly } from "./listener.ts";
import { mqKey, type MessageQueue } from "./message.ts";
import { BrokerOffsetStore, LocalOffsetStore, type OffsetStore } from "./offset-store.ts";
import { resolveClientOptions } from "./options.ts";
import { CLIENT_INNER_PRODUCER_GROUP } from "./producer.ts";
import { QueueLocks } from "./queue-locks.ts";
import { QueueWorker, type WorkerContext } from "./queue-worker.ts";
import { queuesToOwn } from "./rebalance.ts";
import { SendBack } from "./send-back.ts";
import { startOffset } from "./start-offset.ts";
import { parseSubscription, type MessageSelector } from "./subscription.ts";

export class PushConsumer {
  private readonly opts: ResolvedConsumerOptions;
  private readonly core: ClientCore;
  private readonly offsets: OffsetStore;
  private readonly locks: QueueLocks;
  private readonly sendBack: SendBack;
  private readonly stats = new ConsumerStats();
  private readonly subscriptions = new Map<string, SubscriptionData>();
  private readonly workers = new Map<string, QueueWorker>();
  private mode: ConsumeMode | undefined;
  private workerContext: WorkerContext | undefined;
  private timers: ReturnType<typeof setInterval>[] = [];
  private rebalancing: Promise<void> | undefined;
  private rebalanceAgain = false;
  private serial: Promise<void> = Promise.resolve();
  private heartbeated = new Set<string>();
  private startedAtMs = 0;
  private stopping = false;
  private shuttingDown: Promise<void> | undefined;

  constructor(options: PushConsumerOptions) {
    this.opts = resolveConsumerOptions(options);
    this.core = new ClientCore(resolveClientOptions(options), (clientID) => this.heartbeatData(clientID));
    const group = this.opts.consumerGroup;
    this.offsets =
      this.opts.messageModel === "CLUSTERING"
        ? new BrokerOffsetStore(this.core, group)
        : new LocalOffsetStore(join(this.opts.offsetStoreDir, this.core.clientId, group, "offsets.json"));
    this.locks = new QueueLocks(this.core, group);
    this.sendBack = new SendBack(this.core, group);
    this.core.onServerRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, () => {
      void this.rebalance();
      return undefined;
    });
    this.core.onServerRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, this.onResetOffset);
    const view = {
      core: this.core, opts: this.opts, stats: this.stats,
      mode: () => this.mode, startTimestampMs: () => this.startedAtMs, subscriptions: () => [...this.subscriptions.values()],
      queues: () => [...this.workers.values()].map((w) => ({ mq: w.mq, pq: w.pq, commitOffset: this.offsets.current(w.mq) ?? -1 })),
    };
    for (const [code, handler] of consumerRequestHandlers(view)) this.core.onServerRequest(code, handler);
  }

  /** The clientID this consumer registers with brokers (ip@instance). */
  get clientId(): string {
    return this.core.clientId;
  }

  /**
   * Subscribes a topic: a tag expression ("*" for all, or "TagA || TagB") or a selector,
   * { type: "SQL92", expression: "a between 0 and 8" } (needs enablePropertyFilter on the broker).
   * start() asks the brokers to check SQL92 selectors and rejects with their refusal.
   */
  subscribe(topic: string, selector: string | MessageSelector = "*"): void {
    this.subscriptions.set(topic, parseSubscription(topic, selector));
  }

  /** The listener consumes batches of one queue in offset order; a throw counts as RECONSUME_LATER. */
  registerMessageListener(listener: MessageListener): void {
    this.mode = { orderly: false, listener };
  }

  /**
   * An orderly listener: one batch of a queue at a time, strictly in offset order; in CLUSTERING
   * mode a queue is consumed only while this consumer holds its broker lock.
   * SUSPEND_CURRENT_QUEUE_A_MOMENT (or a throw) redelivers the same batch after
   * suspendCurrentQueueTimeMs; past maxReconsumeTimes a message goes to %DLQ%<group>.
   */
  registerMessageListenerOrderly(listener: MessageListenerOrderly): void {
    this.mode = { orderly: true, listener };
  }

  /**
   * Fetches routes, checks SQL92 subscriptions, heartbeats, takes its queues and starts pulling.
   * Rejects when no NameServer could be reached (the error names the address); a topic that has
   * no route yet is not an error: its queues are taken once it has one.
   */
  async start(): Promise<void> {
    const mode = this.mode;
    if (!mode) throw new Error("register a message listener before start()");
    if (this.subscriptions.size === 0) throw new Error("subscribe to a topic before start()");
    const clustering = this.opts.messageModel === "CLUSTERING";
    if (clustering) this.subscribe(retryTopicOf(this.opts.consumerGroup));
    this.workerContext = {
      core: this.core,
      opts: this.opts,
      offsets: this.offsets,
      mode,
      maxReconsumeTimes: this.opts.maxReconsumeTimes ?? (mode.orderly ? MAX_RECONSUME_TIMES_ORDERLY : MAX_RECONSUME_TIMES_CONCURRENTLY),
      subscription: (topic) => this.subscriptions.get(topic),
      sendBack: (msg, delayLevel) => this.sendBack.send(msg, delayLevel, this.context().maxReconsumeTimes),
      lock: (mq) => this.locks.lock(mq),
      limit: new ConsumeLimit(this.opts.consumeMessageCountMax),
      stats: this.stats,
    };
    this.startedAtMs = Date.now();
    this.core.start();
    try {
      await this.fetchRoutes();
      await this.checkSubscriptions();
    } catch (err) {
      this.core.shutdown();
      throw err;
    }
    this.stats.start();
    await this.heartbeatNewBrokers();
    await this.rebalance();
    this.timers.push(
      setInterval(() => void this.rebalance(), this.opts.rebalanceIntervalMs),
      setInterval(() => void this.offsets.persist(this.ownedQueues()), this.opts.persistConsumerOffsetIntervalMs),
    );
    if (mode.orderly && clustering) {
      this.timers.push(setInterval(() => void this.exclusive(() => this.locks.lockAll([...this.workers.values()])), this.opts.lockIntervalMs));
    }
  }

  /** Stops pulling, waits for batches in the listener, commits offsets, unlocks queues and
   *  unregisters. A second call (also while the first runs) waits for the first. */
  shutdown(): Promise<void> {
    if (!this.core.isRunning && this.shuttingDown === undefined) return Promise.resolve();
    this.shuttingDown ??= this.stop();
    return this.shuttingDown;
  }

  private async stop(): Promise<void> {
    if (!this.core.isRunning) return;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.stats.close();
    this.stopping = true;
    await this.serial;
    const workers = [...this.workers.values()];
    await Promise.all(workers.map((w) => w.stop({ drain: true })));
    const owned = this.ownedQueues();
    await this.offsets.persist(owned, true);
    const locked = workers.filter((w) => w.needsLock).map((w) => w.mq);
    if (locked.length > 0) await this.locks.unlock(locked);
    const header = { clientID: this.core.clientId, consumerGroup: this.opts.consumerGroup };
    await Promise.all(this.core.brokerAddrs().map((a) => unregisterClient(this.core.remoting, a, header, this.core.opts.requestTimeoutMs).catch(() => {})));
    this.workers.clear();
    this.core.shutdown();
  }

  /** The queues this consumer owns now (for orderly CLUSTERING, locked or waiting for the lock). */
  ownedQueues(): MessageQueue[] {
    return [...this.workers.values()].map((w) => w.mq);
  }

  /** Runs a rebalance now (also what NOTIFY_CONSUMER_IDS_CHANGED triggers); one at a time. */
  rebalance(): Promise<void> {
    if (this.rebalancing) {
      this.rebalanceAgain = true;
      return this.rebalancing;
    }
    this.rebalancing = this.exclusive(() => this.rebalanceTopics()).finally(() => {
      this.rebalancing = undefined;
      if (this.rebalanceAgain && this.core.isRunning) {
        this.rebalanceAgain = false;
        void this.rebalance();
      }
    });
    return this.rebalancing;
  }

  /** Runs queue hand-overs, lock renewals and resets one after another. */
  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.serial.then(() => (this.core.isRunning && !this.stopping ? task() : undefined));
    this.serial = run.catch((err: unknown) => this.core.log.warn("consumer task failed", { error: String(err) }));
    return this.serial;
  }

  private context(): WorkerContext {
    if (!this.workerContext) throw new Error("consumer not started");
    return this.workerContext;
  }

  private async rebalanceTopics(): Promise<void> {
    await this.heartbeatNewBrokers();
    for (const topic of this.subscriptions.keys()) {
      if (!this.core.isRunning) return;
      const wanted = await queuesToOwn(this.core, this.opts.consumerGroup, this.opts.messageModel, topic);
      if (wanted) await this.apply(topic, wanted);
    }
    if (this.mode?.orderly && this.opts.messageModel === "CLUSTERING") await this.locks.lockAll([...this.workers.values()]);
  }

  private async apply(topic: string, wanted: MessageQueue[]): Promise<void> {
    const wantedKeys = new Set(wanted.map(mqKey));
    for (const [key, worker] of this.workers) {
      if (worker.mq.topic !== topic || wantedKeys.has(key)) continue;
      this.workers.delete(key);
      await this.release(worker);
    }
    for (const mq of wanted) {
      if (this.workers.has(mqKey(mq)) || !this.core.isRunning) continue;
      this.startWorker(mq, () => startOffset(this.core, this.offsets, mq, this.opts));
    }
  }

  /** Stops a dropped queue's worker, commits its offset (awaited when locked) and unlocks it. */
  private async release(worker: QueueWorker): Promise<void> {
    await worker.stop();
    await this.offsets.persist([worker.mq], worker.needsLock);
    this.offsets.remove(worker.mq);
    if (worker.needsLock) await this.locks.unlock([worker.mq]);
  }

  private startWorker(mq: MessageQueue, begin: () => Promise<number>): void {
    const worker = new QueueWorker(this.context(), mq);
    this.workers.set(mqKey(mq), worker);
    worker.start(begin);
  }

  /** Looks up each subscribed topic's route; throws the transport error when no NameServer answered. */
  private async fetchRoutes(): Promise<void> {
    const lookups = await Promise.allSettled([...this.subscriptions.keys()].map((t) => this.core.route(t)));
    for (const lookup of lookups) {
      if (lookup.status === "rejected" && isTransportError(lookup.reason)) throw lookup.reason;
    }
  }

  /** CHECK_CLIENT_CONFIG for each SQL92 subscription, to every master of its topic. */
  private async checkSubscriptions(): Promise<void> {
    for (const sub of this.subscriptions.values()) {
      if (sub.expressionType === "TAG") continue;
      const route = await this.core.route(sub.topic);
      const masters = (route?.brokerDatas ?? []).map((b) => this.core.masterAddr(b.brokerName)).filter((a) => a !== undefined);
      const check = { clientId: this.core.clientId, group: this.opts.consumerGroup, subscriptionData: sub };
      await Promise.all(masters.map((addr) => checkClientConfig(this.core.remoting, addr, check, this.core.opts.requestTimeoutMs)));
    }
  }

  /** RESET_CONSUMER_CLIENT_OFFSET: the named queues drop what they hold and pull again from the given offsets. */
  private onResetOffset: Handler = (req) => {
    const reset = readResetOffsets(req.extFields, req.body);
    if (reset.group !== this.opts.consumerGroup || !this.workerContext) return reply(ResponseCode.SUCCESS);
    this.core.log.info("offsets reset by the broker", { topic: reset.topic, queues: reset.offsets.length });
    void this.exclusive(async () => {
      for (const { mq, offset } of reset.offsets) {
        const worker = this.workers.get(mqKey(mq));
        if (!worker) continue;
        this.workers.delete(mqKey(mq));
        await worker.stop();
        this.offsets.update(mq, offset);
        this.startWorker(worker.mq, () => Promise.resolve(offset));
      }
    });
    return reply(ResponseCode.SUCCESS);
  };

  private async heartbeatNewBrokers(): Promise<void> {
    const addrs = this.core.brokerAddrs();
    if (addrs.every((a) => this.heartbeated.has(a))) return;
    this.heartbeated = new Set(addrs);
    await this.core.sendHeartbeats();
  }

  private heartbeatData(clientID: string): HeartbeatData {
    return {
      clientID,
      consumerDataSet: [{
        groupName: this.opts.consumerGroup,
        consumeType: "CONSUME_PASSIVELY",
        messageModel: this.opts.messageModel,
        consumeFromWhere: this.opts.consumeFromWhere,
        subscriptionDataSet: [...this.subscriptions.values()],
        unitMode: false,
      }],
      producerDataSet: [{ groupName: CLIENT_INNER_PRODUCER_GROUP }],
    };
  }
}
