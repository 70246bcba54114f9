// Shared pieces of the client's cluster tests: fast intervals, a topic creator, and a listener
// that records what it got and lets a test await a condition on it.
import { afterAll, afterEach, beforeAll, expect } from "bun:test";
import { existsSync } from "node:fs";
import { testLogger } from "../../src/common/index.ts";
import { Producer, type MessageExt, type PushConsumerOptions } from "../../src/client/index.ts";
import { admin, killAll, MQ, startCluster, type Cluster } from "../e2e/harness.ts";

/** Intervals short enough for tests (the defaults are 15-30 s). */
export const fast = {
  pollNameServerIntervalMs: 1000,
  heartbeatBrokerIntervalMs: 1000,
  rebalanceIntervalMs: 1000,
  persistConsumerOffsetIntervalMs: 500,
  brokerSuspendMaxTimeMs: 2000,
  consumerTimeoutMsWhenSuspend: 5000,
  pullTimeDelayMsWhenException: 200,
  logger: testLogger(),
} satisfies Partial<PushConsumerOptions>;

/**
 * Installs the hooks of a client test file against the compiled ./mq: a cluster and a started
 * producer before all tests (handed to `use`), the returned stoppers run after each test, and
 * everything is shut down and killed after all. Nothing starts when the binary is missing.
 */
export function clientCluster(
  producerGroup: string,
  use: (cluster: Cluster, producer: Producer) => void,
  brokerProps: Record<string, string | number> = {},
): (() => Promise<void>)[] {
  const stoppers: (() => Promise<void>)[] = [];
  let cluster: Cluster | undefined;
  let producer: Producer | undefined;
  beforeAll(async () => {
    if (!existsSync(MQ)) return;
    cluster = await startCluster(brokerProps);
    producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup, ...fast });
    await producer.start();
    use(cluster, producer);
  }, 30_000);
  afterEach(async () => {
    await Promise.all(stoppers.splice(0).map((stop) => stop()));
  });
  afterAll(async () => {
    await producer?.shutdown();
    await killAll();
    await cluster?.stop();
  });
  return stoppers;
}

export async function createTopic(namesrvAddr: string, topic: string, queues = 4): Promise<void> {
  const r = await admin(namesrvAddr, ["updateTopic", "-t", topic, "-c", "DefaultCluster", "-r", `${queues}`, "-w", `${queues}`]);
  expect(r.code, r.out).toBe(0);
}

export class Received {
  readonly messages: MessageExt[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  add(msgs: MessageExt[]): void {
    this.messages.push(...msgs);
    this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
  }

  bodies(): string[] {
    return this.messages.map((m) => new TextDecoder().decode(m.body));
  }

  /** Resolves once check() holds; rejects after timeoutMs. */
  until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} not seen within ${timeoutMs} ms; got ${this.messages.length}`)), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  count(n: number, timeoutMs?: number): Promise<void> {
    return this.until(() => this.messages.length >= n, `${n} messages`, timeoutMs);
  }
}
