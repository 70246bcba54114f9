// Shared pieces of the client's cluster tests: fast intervals, a topic creator, and a listener
// that records what it got and lets a test await a condition on it.
import { expect } from "bun:test";
import { testLogger } from "../../src/common/index.ts";
import type { MessageExt, PushConsumerOptions } from "../../src/client/index.ts";
import { admin } from "../e2e/harness.ts";

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
