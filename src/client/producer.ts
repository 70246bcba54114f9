// The producer: sends messages to a topic's queues, chosen round robin or by a selector.
//
//   const producer = new Producer({ namesrvAddr: "127.0.0.1:9876", producerGroup: "pg" });
//   await producer.start();
//   const result = await producer.send({ topic: "T", body: "hi", tags: "TagA", keys: "order-1" });
//   await producer.shutdown();
import { randomUUID } from "node:crypto";
import { groupNameProblem, MessageProperty, RequestCode, type HeartbeatData } from "../common/index.ts";
import { ClientCore } from "./client-core.ts";
import type { MessageQueueSelector } from "./selector.ts";
import type { Message, MessageExt, MessageQueue, SendResult } from "./message.ts";
import { ReplyWaiters } from "./request-reply.ts";
import { positive, resolveClientOptions, type ClientOptions } from "./options.ts";
import { Sender } from "./sender.ts";
import { batchRequest, MESSAGE_BYTES_MAX_DEFAULT, prepareMessage, sendRequest, type PreparedMessage } from "./send-request.ts";
import { unregisterClient } from "./broker-api.ts";

export const CLIENT_INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";

export interface ProducerOptions extends ClientOptions {
  producerGroup: string;
  /** Overall time for one send, retries included (Java sendMsgTimeout). */
  sendMsgTimeoutMs?: number;
  /** Extra attempts, on another broker when possible, after a failed sync send (default 2). */
  retryTimesWhenSendFailed?: number;
  /** Bodies of at least this many bytes are zlib-compressed (default 4096). */
  compressMsgBodyOverHowmuch?: number;
  /** Queues a topic gets when the broker auto-creates it (default 4). */
  defaultTopicQueueNums?: number;
  /** Largest body accepted (default 4 MiB). */
  maxMessageBytes?: number;
}

/** Called with the result or the failure of a send with callback. */
export interface SendCallback {
  onSuccess(result: SendResult): void;
  onException(err: Error): void;
}

export class Producer {
  protected readonly core: ClientCore;
  protected readonly sender: Sender;
  private readonly replies = new ReplyWaiters();

  constructor(readonly options: ProducerOptions) {
    if (!options.producerGroup) throw new Error("producerGroup is required");
    const groupProblem = groupNameProblem(options.producerGroup);
    if (groupProblem !== undefined) throw new Error(groupProblem);
    this.core = new ClientCore(resolveClientOptions(options), (clientID) => this.heartbeatData(clientID));
    this.sender = new Sender(this.core, {
      producerGroup: options.producerGroup,
      sendMsgTimeoutMs: positive(options.sendMsgTimeoutMs, 3000, "sendMsgTimeoutMs"),
      retryTimesWhenSendFailed: positive(options.retryTimesWhenSendFailed, 2, "retryTimesWhenSendFailed", true),
      compressMsgBodyOverHowmuch: positive(options.compressMsgBodyOverHowmuch, 4096, "compressMsgBodyOverHowmuch"),
      defaultTopicQueueNums: positive(options.defaultTopicQueueNums, 4, "defaultTopicQueueNums"),
      maxMessageBytes: positive(options.maxMessageBytes, MESSAGE_BYTES_MAX_DEFAULT, "maxMessageBytes"),
    });
    this.core.onServerRequest(RequestCode.CHECK_TRANSACTION_STATE, () => undefined);
    this.core.onServerRequest(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, this.replies.onPush);
  }

  /** The clientID this producer registers with brokers (ip@instance). */
  get clientId(): string {
    return this.core.clientId;
  }

  /** Starts route refresh and heartbeats. Sends made before start() fail. */
  async start(): Promise<void> {
    this.core.start();
    await this.core.sendHeartbeats();
  }

  /** Unregisters from every broker and closes all connections. */
  async shutdown(): Promise<void> {
    if (!this.core.isRunning) return;
    await Promise.all(
      this.core.brokerAddrs().map((addr) =>
        unregisterClient(this.core.remoting, addr, { clientID: this.core.clientId, producerGroup: this.options.producerGroup }, this.core.opts.requestTimeoutMs).catch(() => {}),
      ),
    );
    this.core.shutdown();
  }

  /** Sends and resolves with the broker's SendResult; retries on another broker on failure. */
  send(message: Message): Promise<SendResult>;
  /** Sends and reports through the callback instead of a promise. */
  send(message: Message, callback: SendCallback): void;
  /** Sends to the queue the selector picks (e.g. by a hash of a key, for per-key order); no retry. */
  send(message: Message, selector: MessageQueueSelector, arg: unknown): Promise<SendResult>;
  send(message: Message, second?: SendCallback | MessageQueueSelector, arg?: unknown): Promise<SendResult> | void {
    if (typeof second === "function") return this.sendSelected(message, second, arg);
    const sending = this.sendOne(message);
    if (second === undefined) return sending;
    sending.then((r) => second.onSuccess(r), (err: unknown) => second.onException(err instanceof Error ? err : new Error(String(err))));
  }

  /** Sends a request message and resolves with its reply (a replier answers it with
   *  createReplyMessage); rejects when no reply comes within timeoutMs. */
  async request(message: Message, timeoutMs = 3000): Promise<MessageExt> {
    const correlationId = randomUUID();
    const properties = {
      ...message.properties,
      [MessageProperty.CORRELATION_ID]: correlationId,
      [MessageProperty.REPLY_TO_CLIENT]: this.core.clientId,
      [MessageProperty.TTL]: String(timeoutMs),
    };
    // The broker pushes the reply on a connection it knows this client by: register first.
    if (this.core.cachedRoute(message.topic) === undefined) {
      await this.sender.queuesOf(message.topic);
      await this.core.sendHeartbeats();
    }
    const replied = this.replies.wait(correlationId, timeoutMs);
    try {
      await this.sendOne({ ...message, properties });
    } catch (err) {
      this.replies.cancel(correlationId);
      throw err;
    }
    return replied;
  }

  /** Sends to `mq` exactly; no retry. */
  sendToQueue(message: Message, mq: MessageQueue): Promise<SendResult> {
    const m = this.prepare(message);
    return this.sender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.sender.settings), mq);
  }

  /** Sends without waiting for any answer (SEND_MESSAGE_V2 oneway); resolves once queued. */
  async sendOneway(message: Message, selector?: MessageQueueSelector, arg?: unknown): Promise<void> {
    const m = this.prepare(message);
    const mq = selector ? await this.select(m.topic, message, selector, arg) : undefined;
    await this.sender.sendOneway(m.topic, (q) => sendRequest(m, q, this.sender.settings), mq);
  }

  /** Sends messages of one topic as one SEND_BATCH_MESSAGE; msgId is the comma-joined UNIQ_KEYs. */
  sendBatch(messages: readonly Message[], mq?: MessageQueue): Promise<SendResult> {
    const ms = messages.map((m) => this.prepare(m));
    const topic = ms[0]?.topic ?? "";
    return this.sender.send(topic, ms.map((m) => m.uniqKey), (q) => batchRequest(ms, q, this.sender.settings), mq);
  }

  /** The writable queues of a topic, as sends choose among them. */
  fetchPublishQueues(topic: string): Promise<MessageQueue[]> {
    return this.sender.queuesOf(topic);
  }

  private sendOne(message: Message): Promise<SendResult> {
    try {
      const m = this.prepare(message);
      return this.sender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.sender.settings));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async sendSelected(message: Message, selector: MessageQueueSelector, arg: unknown): Promise<SendResult> {
    const m = this.prepare(message);
    const mq = await this.select(m.topic, message, selector, arg);
    return this.sender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.sender.settings), mq);
  }

  private async select(topic: string, message: Message, selector: MessageQueueSelector, arg: unknown): Promise<MessageQueue> {
    const queues = await this.sender.queuesOf(topic);
    const mq = selector(queues, message, arg);
    if (!mq) throw new Error("the selector chose no queue");
    return mq;
  }

  protected prepare(message: Message): PreparedMessage {
    if (!this.core.isRunning) throw new Error("the producer is not running: call start() first");
    return prepareMessage(message, () => this.core.uniqIds.next(), this.sender.settings.maxMessageBytes);
  }

  private heartbeatData(clientID: string): HeartbeatData {
    return {
      clientID,
      consumerDataSet: [],
      producerDataSet: [{ groupName: CLIENT_INNER_PRODUCER_GROUP }, { groupName: this.options.producerGroup }],
    };
  }
}
