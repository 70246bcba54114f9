// The push consumer: subscribes topics, owns a share of their queues (rebalanced every
// rebalanceIntervalMs, at start and when a broker sends NOTIFY_CONSUMER_IDS_CHANGED), pulls
// them with long polling and calls the listener; failed messages go back to the broker for a
// later retry from %RETRY%<group>.
//
//   const consumer = new PushConsumer({ namesrvAddr: "127.0.0.1:9876", consumerGroup: "cg" });
//   consumer.subscribe("T", "TagA || TagB");
//   consumer.registerMessageListener(async (msgs) => "CONSUME_SUCCESS");
//   await consumer.start();
import { join } from "node:path";
import { MessageProperty, RequestCode, retryTopicOf, type HeartbeatData, type SubscriptionData } from "../common/index.ts";
import { consumerSendMsgBack, unregisterClient } from "./broker-api.ts";
import { ClientCore } from "./client-core.ts";
import { resolveConsumerOptions, type PushConsumerOptions, type ResolvedConsumerOptions } from "./consumer-options.ts";
import { mqKey, type MessageExt, type MessageQueue } from "./message.ts";
import { BrokerOffsetStore, LocalOffsetStore, type OffsetStore } from "./offset-store.ts";
import { resolveClientOptions } from "./options.ts";
import { CLIENT_INNER_PRODUCER_GROUP } from "./producer.ts";
import { QueueWorker, type MessageListener } from "./queue-worker.ts";
import { queuesToOwn } from "./rebalance.ts";
import { MESSAGE_BYTES_MAX_DEFAULT, prepareMessage, sendRequest } from "./send-request.ts";
import { Sender } from "./sender.ts";
import { startOffset } from "./start-offset.ts";
import { parseTagExpression } from "./subscription.ts";

const SEND_BACK_TIMEOUT_MS = 5000;

export class PushConsumer {
  private readonly opts: ResolvedConsumerOptions;
  private readonly core: ClientCore;
  private readonly offsets: OffsetStore;
  private readonly innerSender: Sender;
  private readonly subscriptions = new Map<string, SubscriptionData>();
  private readonly workers = new Map<string, QueueWorker>();
  private listener: MessageListener | undefined;
  private timers: ReturnType<typeof setInterval>[] = [];
  private rebalancing: Promise<void> | undefined;
  private rebalanceAgain = false;
  private heartbeated = new Set<string>();

  constructor(options: PushConsumerOptions) {
    this.opts = resolveConsumerOptions(options);
    this.core = new ClientCore(resolveClientOptions(options), (clientID) => this.heartbeatData(clientID));
    this.offsets =
      this.opts.messageModel === "CLUSTERING"
        ? new BrokerOffsetStore(this.core, this.opts.consumerGroup)
        : new LocalOffsetStore(join(this.opts.offsetStoreDir, this.core.clientId, this.opts.consumerGroup, "offsets.json"));
    this.innerSender = new Sender(this.core, {
      producerGroup: CLIENT_INNER_PRODUCER_GROUP,
      sendMsgTimeoutMs: 3000,
      retryTimesWhenSendFailed: 2,
      compressMsgBodyOverHowmuch: 4096,
      defaultTopicQueueNums: 4,
      maxMessageBytes: MESSAGE_BYTES_MAX_DEFAULT,
    });
    this.core.onServerRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, () => {
      void this.rebalance();
      return undefined;
    });
  }

  /** The clientID this consumer registers with brokers (ip@instance). */
  get clientId(): string {
    return this.core.clientId;
  }

  /** Subscribes a topic with a tag expression: "*" for all, or "TagA || TagB". */
  subscribe(topic: string, expression = "*"): void {
    this.subscriptions.set(topic, parseTagExpression(topic, expression));
  }

  /** The listener consumes batches of one queue in offset order; a throw counts as RECONSUME_LATER. */
  registerMessageListener(listener: MessageListener): void {
    this.listener = listener;
  }

  /** Fetches routes, heartbeats, takes its queues and starts pulling. */
  async start(): Promise<void> {
    if (!this.listener) throw new Error("register a message listener before start()");
    if (this.subscriptions.size === 0) throw new Error("subscribe to a topic before start()");
    if (this.opts.messageModel === "CLUSTERING") this.subscribe(retryTopicOf(this.opts.consumerGroup));
    this.core.start();
    await Promise.all([...this.subscriptions.keys()].map((t) => this.core.route(t).catch(() => undefined)));
    await this.heartbeatNewBrokers();
    await this.rebalance();
    this.timers.push(
      setInterval(() => void this.rebalance(), this.opts.rebalanceIntervalMs),
      setInterval(() => void this.offsets.persist(this.ownedQueues()), this.opts.persistConsumerOffsetIntervalMs),
    );
  }

  /** Stops pulling, waits for batches in the listener, commits offsets and unregisters. */
  async shutdown(): Promise<void> {
    if (!this.core.isRunning) return;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    const owned = this.ownedQueues();
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    await this.rebalancing;
    await this.offsets.persist(owned, true);
    const header = { clientID: this.core.clientId, consumerGroup: this.opts.consumerGroup };
    await Promise.all(this.core.brokerAddrs().map((a) => unregisterClient(this.core.remoting, a, header, this.core.opts.requestTimeoutMs).catch(() => {})));
    this.workers.clear();
    this.core.shutdown();
  }

  /** The queues this consumer pulls now. */
  ownedQueues(): MessageQueue[] {
    return [...this.workers.values()].map((w) => w.mq);
  }

  /** Runs a rebalance now (also what NOTIFY_CONSUMER_IDS_CHANGED triggers); one at a time. */
  rebalance(): Promise<void> {
    if (this.rebalancing) {
      this.rebalanceAgain = true;
      return this.rebalancing;
    }
    this.rebalancing = this.rebalanceTopics().finally(() => {
      this.rebalancing = undefined;
      if (this.rebalanceAgain && this.core.isRunning) {
        this.rebalanceAgain = false;
        void this.rebalance();
      }
    });
    return this.rebalancing;
  }

  private async rebalanceTopics(): Promise<void> {
    await this.heartbeatNewBrokers();
    for (const topic of this.subscriptions.keys()) {
      if (!this.core.isRunning) return;
      const wanted = await queuesToOwn(this.core, this.opts.consumerGroup, this.opts.messageModel, topic);
      if (wanted) await this.apply(topic, wanted);
    }
  }

  private async apply(topic: string, wanted: MessageQueue[]): Promise<void> {
    const wantedKeys = new Set(wanted.map(mqKey));
    for (const [key, worker] of this.workers) {
      if (worker.mq.topic !== topic || wantedKeys.has(key)) continue;
      this.workers.delete(key);
      await worker.stop();
      await this.offsets.persist([worker.mq]);
      this.offsets.remove(worker.mq);
    }
    for (const mq of wanted) {
      const key = mqKey(mq);
      if (this.workers.has(key) || !this.core.isRunning) continue;
      try {
        const offset = await startOffset(this.core, this.offsets, mq, this.opts);
        if (this.workers.has(key) || !this.core.isRunning) continue;
        const worker = new QueueWorker(this.workerContext(), mq, offset);
        this.workers.set(key, worker);
        worker.start();
      } catch (err) {
        this.core.log.warn("cannot compute start offset; next rebalance tries again", { topic, queueId: mq.queueId, error: String(err) });
      }
    }
  }

  private workerContext() {
    return {
      core: this.core,
      opts: this.opts,
      offsets: this.offsets,
      listener: this.listener as MessageListener,
      subscription: (topic: string) => this.subscriptions.get(topic),
      sendBack: (msg: MessageExt, delayLevel: number) => this.sendBack(msg, delayLevel),
    };
  }

  private async heartbeatNewBrokers(): Promise<void> {
    const addrs = this.core.brokerAddrs();
    if (addrs.every((a) => this.heartbeated.has(a))) return;
    this.heartbeated = new Set(addrs);
    await this.core.sendHeartbeats();
  }

  /** CONSUMER_SEND_MSG_BACK; when that fails, a plain send to %RETRY%<group> as Java does. */
  private async sendBack(msg: MessageExt, delayLevel: number): Promise<boolean> {
    const group = this.opts.consumerGroup;
    try {
      const addr = this.core.masterAddr(msg.brokerName) ?? msg.storeHost;
      await consumerSendMsgBack(this.core.remoting, addr, {
        commitLogOffset: msg.commitLogOffset,
        group,
        delayLevel,
        originMsgId: msg.msgId,
        originTopic: msg.topic,
        maxReconsumeTimes: this.opts.maxReconsumeTimes,
      }, SEND_BACK_TIMEOUT_MS);
      return true;
    } catch (err) {
      this.core.log.warn("send back failed; sending to the retry topic", { msgId: msg.msgId, error: String(err) });
    }
    try {
      const properties: Record<string, string> = {
        ...msg.properties,
        [MessageProperty.RETRY_TOPIC]: msg.topic,
        [MessageProperty.RECONSUME_TIME]: String(msg.reconsumeTimes + 1),
        [MessageProperty.MAX_RECONSUME_TIMES]: String(this.opts.maxReconsumeTimes),
        [MessageProperty.ORIGIN_MESSAGE_ID]: msg.properties[MessageProperty.ORIGIN_MESSAGE_ID] ?? msg.msgId,
      };
      const retry = { topic: retryTopicOf(group), body: msg.body, properties, flag: msg.flag, delayTimeLevel: 3 + msg.reconsumeTimes };
      const m = prepareMessage(retry, () => this.core.uniqIds.next(), MESSAGE_BYTES_MAX_DEFAULT);
      await this.innerSender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.innerSender.settings));
      return true;
    } catch (err) {
      this.core.log.warn("retry send failed; consuming again locally", { msgId: msg.msgId, error: String(err) });
      return false;
    }
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
