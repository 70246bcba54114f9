// `mq bench consume`: RocketMQ's benchmark Consumer. A push consumer (CLUSTERING) counts what it
// receives and records two latencies per message: B2C, born (the producer's clock) to consume,
// the end-to-end latency (from the µs send time `mq bench produce` stamps in BORN_US_PROPERTY when
// the message has it, else from bornTimestamp's ms); S2C, store (the broker's clock) to consume, the delivery latency.
// Throughput is counted from the first message received to the last, so start-up and rebalance
// time are left out. Ends at --count messages, after --duration, or on `stop`. The listener gets
// up to CONSUME_BATCH_MAX messages a call (consumeMessageBatchMaxSize).
import { PushConsumer, type MessageExt } from "../../client/index.ts";
import type { Io } from "../command.ts";
import { Histogram } from "./histogram.ts";
import { IntervalReporter } from "./interval-reporter.ts";
import { BORN_US_PROPERTY, consumeCompleteLine, consumeLine, epochUs, round3, summaryOf, type BenchSummary, type ConsumeCounts } from "./report.ts";
import type { BenchSpec } from "./spec.ts";

const CONSUME_BATCH_MAX = 32;

class ConsumeRun {
  readonly counts: ConsumeCounts = { consumed: 0, failed: 0 };
  readonly b2c = new Histogram();
  readonly s2c = new Histogram();
  readonly b2cTotal = new Histogram();
  readonly s2cTotal = new Histogram();
  bytes = 0;
  firstMs = 0;
  lastMs = 0;
  private finish: () => void = () => {};
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(private readonly count: number) {}

  receive(messages: readonly MessageExt[]): void {
    const nowUs = epochUs();
    const nowMs = nowUs / 1000;
    if (this.counts.consumed === 0) this.firstMs = performance.now();
    for (const m of messages) {
      const bornUs = Number(m.properties[BORN_US_PROPERTY]);
      this.b2c.recordUs(Number.isFinite(bornUs) ? nowUs - bornUs : (nowMs - m.bornTimestamp) * 1000);
      this.s2c.recordMs(nowMs - m.storeTimestamp);
      this.bytes += m.body.length;
    }
    this.counts.consumed += messages.length;
    this.lastMs = performance.now();
    if (this.count > 0 && this.counts.consumed >= this.count) this.finish();
  }

  done(): void {
    this.finish();
  }

  rollInterval(): void {
    this.b2cTotal.add(this.b2c);
    this.s2cTotal.add(this.s2c);
    this.b2c.reset();
    this.s2c.reset();
  }
}

export async function benchConsume(spec: BenchSpec, io: Io, stop: Promise<void>): Promise<BenchSummary> {
  const consumer = new PushConsumer({
    namesrvAddr: spec.namesrvAddr,
    ...spec.credentials,
    consumerGroup: spec.group,
    consumeFromWhere: spec.from.where,
    consumeTimestamp: spec.from.timestamp,
    // The listener takes what one pull brought (as Redis's benchmark consumer takes a whole
    // XREADGROUP reply); one call per message costs the client more than decoding it.
    consumeMessageBatchMaxSize: CONSUME_BATCH_MAX,
  });
  const run = new ConsumeRun(spec.count);
  consumer.subscribe(spec.topic, "*");
  consumer.registerMessageListener((messages) => {
    run.receive(messages);
    return "CONSUME_SUCCESS";
  });
  const reporter = new IntervalReporter(
    spec.reportIntervalMs,
    () => ({ ...run.counts }),
    (delta, elapsedMs) => {
      io.out(consumeLine(Date.now(), elapsedMs, delta, run.b2c, run.s2c));
      run.rollInterval();
    },
    (delta) => delta.consumed + delta.failed > 0,
  );
  const deadline = setTimeout(() => run.done(), spec.durationMs);
  void stop.then(() => run.done());
  try {
    await consumer.start();
    io.out("Consumer Started.\n"); // as RocketMQ's benchmark Consumer: scripts wait for it before producing
    reporter.start();
    await run.finished;
  } finally {
    clearTimeout(deadline);
    reporter.stop();
    await consumer.shutdown();
  }
  const elapsedMs = run.lastMs - run.firstMs;
  io.out(consumeCompleteLine(elapsedMs, run.counts, run.b2cTotal, run.s2cTotal, run.bytes));
  return {
    ...summaryOf("consume", run.counts.consumed, run.counts.failed, elapsedMs, run.bytes, run.b2cTotal),
    s2cP50Ms: round3(run.s2cTotal.percentileMs(50)),
    s2cP99Ms: round3(run.s2cTotal.percentileMs(99)),
    s2cP999Ms: round3(run.s2cTotal.percentileMs(99.9)),
  };
}
