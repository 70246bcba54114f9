// `mq bench produce`: RocketMQ's benchmark Producer. `threads` senders each send, wait for the
// answer and send again, so at most `threads` sends are in flight; with --rate each send also
// waits for its slot (start + i / rate). RT is measured from the send call to its answer.
// A send that threw without an answer (timeout, connection) counts as Send Failed; an error
// answer from the broker, or a status other than SEND_OK, as Response Failed.
import { ClientError, Producer, SendStatus, type Message, type SendResult } from "../../client/index.ts";
import type { Io } from "../command.ts";
import { Histogram } from "./histogram.ts";
import { IntervalReporter } from "./interval-reporter.ts";
import { BORN_US_PROPERTY, epochUs, sendCompleteLine, sendLine, summaryOf, type BenchSummary, type ProduceCounts } from "./report.ts";
import type { BenchSpec } from "./spec.ts";

const PRODUCER_GROUP = "benchmark_producer";

class ProduceRun {
  readonly counts: ProduceCounts = { ok: 0, sendFailed: 0, responseFailed: 0 };
  readonly interval = new Histogram();
  readonly total = new Histogram();
  bytes = 0;
  stopped = false;
  private issued = 0;
  private readonly body: Uint8Array;
  private readonly startMs = performance.now();
  private readonly deadlineMs: number;
  private readonly runId = Date.now().toString(36);
  lastDoneMs = this.startMs;

  constructor(
    private readonly spec: BenchSpec,
    private readonly producer: Producer,
  ) {
    this.body = new Uint8Array(spec.messageBytes).fill(0x61);
    this.deadlineMs = this.startMs + spec.durationMs;
  }

  get elapsedMs(): number {
    return this.lastDoneMs - this.startMs;
  }

  /** One sender: claims the next message until the count, the deadline or a stop. */
  async sender(): Promise<void> {
    for (;;) {
      const i = this.claim();
      if (i === undefined) return;
      if (this.spec.rate > 0) {
        const waitMs = this.startMs + (i * 1000) / this.spec.rate - performance.now();
        if (waitMs > 0) await Bun.sleep(waitMs);
        if (this.stopped) return;
      }
      await this.sendOne(i);
    }
  }

  private claim(): number | undefined {
    if (this.stopped || performance.now() >= this.deadlineMs) return undefined;
    if (this.spec.count > 0 && this.issued >= this.spec.count) return undefined;
    return this.issued++;
  }

  private async sendOne(i: number): Promise<void> {
    const message: Message = { topic: this.spec.topic, body: this.body, properties: { [BORN_US_PROPERTY]: String(epochUs()) } };
    if (this.spec.keys) message.keys = `${this.runId}-${i}`;
    const sentMs = performance.now();
    try {
      const result = await (this.spec.async ? this.sendWithCallback(message) : this.producer.send(message));
      if (result.sendStatus === SendStatus.SEND_OK) {
        this.counts.ok++;
        this.bytes += this.body.length;
      } else {
        this.counts.responseFailed++;
      }
    } catch (e) {
      if (e instanceof ClientError && e.code !== undefined) this.counts.responseFailed++;
      else this.counts.sendFailed++;
    }
    this.lastDoneMs = performance.now();
    this.interval.recordMs(this.lastDoneMs - sentMs);
  }

  private sendWithCallback(message: Message): Promise<SendResult> {
    return new Promise((resolve, reject) => this.producer.send(message, { onSuccess: resolve, onException: reject }));
  }
}

/** Runs the benchmark until count, duration or `stop` resolves; prints and returns the summary. */
export async function benchProduce(spec: BenchSpec, io: Io, stop: Promise<void>): Promise<BenchSummary> {
  const producer = new Producer({ namesrvAddr: spec.namesrvAddr, producerGroup: PRODUCER_GROUP, ...spec.credentials });
  await producer.start();
  // One route lookup before the senders start, rather than one per sender racing for it.
  await producer.fetchPublishQueues(spec.topic);
  const run = new ProduceRun(spec, producer);
  const reporter = new IntervalReporter(
    spec.reportIntervalMs,
    () => ({ ...run.counts }),
    (delta, elapsedMs) => {
      io.out(sendLine(Date.now(), elapsedMs, delta, run.interval));
      run.total.add(run.interval);
      run.interval.reset();
    },
    (delta) => delta.ok + delta.sendFailed + delta.responseFailed > 0,
  );
  void stop.then(() => (run.stopped = true));
  reporter.start();
  try {
    await Promise.all(Array.from({ length: spec.threads }, () => run.sender()));
  } finally {
    reporter.stop();
    await producer.shutdown();
  }
  const failed = run.counts.sendFailed + run.counts.responseFailed;
  io.out(sendCompleteLine(run.elapsedMs, run.counts, run.total, run.bytes));
  return summaryOf("produce", run.counts.ok, failed, run.elapsedMs, run.bytes, run.total);
}
