// The send path shared by Producer and the push consumer's retry fallback: find the topic's
// write queues (falling back to TBW102's route for a topic without one, as Java does), pick a
// queue, send, and on failure try again on another broker (retryTimesWhenSendFailed times)
// within sendMsgTimeoutMs overall.
import { SystemTopic, type TopicRouteData } from "../common/index.ts";
import { RemotingError, type RemotingCommand } from "../remoting/index.ts";
import type { ClientCore } from "./client-core.ts";
import { ClientError, isTransportError, TopicRouteNotFoundError } from "./errors.ts";
import type { MessageQueue, SendResult } from "./message.ts";
import { autoCreateRoute, publishQueues } from "./route.ts";
import { RETRY_RESPONSE_CODES, toSendResult, type SendSettings } from "./send-request.ts";

/** A failed send looks its topic's route up again at most this often (five times a second). */
const ROUTE_REFRESH_MS_MIN = 200;

export interface SenderSettings extends SendSettings {
  sendMsgTimeoutMs: number;
  retryTimesWhenSendFailed: number;
}

/** Builds the request for the queue chosen; called once per attempt. */
export type RequestFor = (mq: MessageQueue) => RemotingCommand;

export class Sender {
  private counter = Math.floor(Math.random() * 0x7fffffff);
  private readonly queueCache = new WeakMap<TopicRouteData, MessageQueue[]>();
  /** When each topic's route was last looked up after a failed send. */
  private readonly refreshedMs = new Map<string, number>();

  constructor(
    private readonly core: ClientCore,
    readonly settings: SenderSettings,
  ) {}

  /** The topic's writable queues; a topic without a route gets TBW102's, capped. */
  async queuesOf(topic: string): Promise<MessageQueue[]> {
    let route = await this.core.route(topic);
    if (!route) {
      const template = await this.core.route(SystemTopic.AUTO_CREATE);
      if (!template) throw new TopicRouteNotFoundError(topic);
      route = autoCreateRoute(template, this.settings.defaultTopicQueueNums);
      this.core.remember(topic, route);
    }
    let queues = this.queueCache.get(route);
    if (!queues) {
      queues = publishQueues(topic, route);
      this.queueCache.set(route, queues);
    }
    if (queues.length === 0) {
      this.refreshSoon(topic); // a group between masters (a failover) has none for a moment
      throw new ClientError(undefined, `topic ${topic} has no writable queue`);
    }
    return queues;
  }

  /** The writable queues of a topic whose route is cached (no await on the send path); else undefined. */
  private cachedQueuesOf(topic: string): MessageQueue[] | undefined {
    const route = this.core.cachedRoute(topic);
    const queues = route === undefined ? undefined : this.queueCache.get(route);
    return queues !== undefined && queues.length > 0 ? queues : undefined;
  }

  /** Round robin over the queues, skipping the broker that just failed and isolated brokers. */
  selectQueue(queues: readonly MessageQueue[], avoidBroker?: string): MessageQueue {
    for (let i = 0; i < queues.length; i++) {
      const q = queues[this.nextIndex(queues.length)] as MessageQueue;
      if (q.brokerName !== avoidBroker && this.core.isAvailable(q.brokerName)) return q;
    }
    const other = queues.find((q) => q.brokerName !== avoidBroker);
    return other ?? (queues[this.nextIndex(queues.length)] as MessageQueue);
  }

  /** A sync send with retries on another broker; resolves once the broker stored the message. */
  send(topic: string, uniqKeys: readonly string[], requestFor: RequestFor, fixedQueue?: MessageQueue): Promise<SendResult> {
    const startedMs = Date.now();
    const queues = fixedQueue === undefined ? this.cachedQueuesOf(topic) : undefined;
    if (queues === undefined || this.settings.sendMsgTimeoutMs <= 0) {
      return this.sendAttempts(topic, uniqKeys, requestFor, fixedQueue, startedMs, 0, undefined);
    }
    // The first attempt to a cached route without an async frame (one per message sent); a
    // failure carries on in sendAttempts as a failed attempt inside its loop would.
    const mq = this.selectQueue(queues);
    const failed = (err: unknown): Promise<SendResult> => this.afterFirstFailure(topic, uniqKeys, requestFor, startedMs, mq, err);
    let reply: Promise<RemotingCommand>;
    try {
      reply = this.core.remoting.invoke(this.addressOf(mq), requestFor(mq), this.settings.sendMsgTimeoutMs);
    } catch (err) {
      return failed(err);
    }
    return reply.then((res) => {
      try {
        return toSendResult(res, mq, uniqKeys);
      } catch (err) {
        return failed(err);
      }
    }, failed);
  }

  /** What the loop in sendAttempts does after its first attempt failed: isolate, give up, or go on. */
  private afterFirstFailure(
    topic: string,
    uniqKeys: readonly string[],
    requestFor: RequestFor,
    startedMs: number,
    mq: MessageQueue,
    err: unknown,
  ): Promise<SendResult> {
    if (isTransportError(err)) this.isolate(topic, mq);
    else if (!(err instanceof ClientError && err.code !== undefined && RETRY_RESPONSE_CODES.includes(err.code))) return Promise.reject(err);
    this.core.log.debug("send failed; trying again", { topic, broker: mq.brokerName, attempt: 0, error: String(err) });
    return this.sendAttempts(topic, uniqKeys, requestFor, undefined, startedMs, 1, mq.brokerName, err);
  }

  private async sendAttempts(
    topic: string,
    uniqKeys: readonly string[],
    requestFor: RequestFor,
    fixedQueue: MessageQueue | undefined,
    startedMs: number,
    firstAttempt: number,
    firstFailedBroker: string | undefined,
    firstError?: unknown,
  ): Promise<SendResult> {
    const attempts = fixedQueue ? 1 : 1 + this.settings.retryTimesWhenSendFailed;
    let failedBroker = firstFailedBroker;
    let lastError: unknown = firstError;
    for (let attempt = firstAttempt; attempt < attempts; attempt++) {
      const leftMs = this.settings.sendMsgTimeoutMs - (Date.now() - startedMs);
      if (leftMs <= 0) break;
      // A fixed queue's broker address comes from the topic's route too (Java's send(msg, mq) looks it up the same way).
      if (fixedQueue !== undefined && this.cachedQueuesOf(topic) === undefined) await this.queuesOf(topic);
      const mq = fixedQueue ?? this.selectQueue(this.cachedQueuesOf(topic) ?? (await this.queuesOf(topic)), failedBroker);
      try {
        return await this.sendOnce(mq, requestFor(mq), uniqKeys, leftMs);
      } catch (err) {
        lastError = err;
        failedBroker = mq.brokerName;
        if (isTransportError(err)) this.isolate(topic, mq);
        else if (!(err instanceof ClientError && err.code !== undefined && RETRY_RESPONSE_CODES.includes(err.code))) throw err;
        this.core.log.debug("send failed; trying again", { topic, broker: mq.brokerName, attempt, error: String(err) });
      }
    }
    throw lastError ?? new ClientError(undefined, `send to ${topic} timed out after ${this.settings.sendMsgTimeoutMs} ms`);
  }

  /** A broker that cannot be reached is avoided for a while, and the topic's route looked up again
   *  (at most every ROUTE_REFRESH_MS_MIN): its group may have a new master (controller mode's failover), which
   *  the next sends reach without waiting for pollNameServerInterval. */
  private isolate(topic: string, mq: MessageQueue): void {
    this.core.isolate(mq.brokerName);
    this.refreshSoon(topic);
  }

  private refreshSoon(topic: string): void {
    const now = Date.now();
    if (now - (this.refreshedMs.get(topic) ?? 0) < ROUTE_REFRESH_MS_MIN) return;
    this.refreshedMs.set(topic, now);
    void this.core.fetchRoute(topic).catch(() => undefined);
  }

  /** A oneway send: queued on the connection, no answer, no retry. */
  async sendOneway(topic: string, requestFor: RequestFor, fixedQueue?: MessageQueue): Promise<void> {
    const mq = fixedQueue ?? this.selectQueue(await this.queuesOf(topic));
    await this.core.remoting.invokeOneway(this.addressOf(mq), requestFor(mq));
  }

  private async sendOnce(mq: MessageQueue, cmd: RemotingCommand, uniqKeys: readonly string[], timeoutMs: number): Promise<SendResult> {
    const res = await this.core.remoting.invoke(this.addressOf(mq), cmd, timeoutMs);
    return toSendResult(res, mq, uniqKeys);
  }

  private addressOf(mq: MessageQueue): string {
    const addr = this.core.masterAddr(mq.brokerName);
    // Not a broker answer: like a failed connection, the next attempt goes to another broker.
    if (!addr) throw new RemotingError("connect", `broker ${mq.brokerName} has no master address`);
    return addr;
  }

  private nextIndex(length: number): number {
    this.counter = (this.counter + 1) & 0x7fffffff;
    return this.counter % length;
  }
}
