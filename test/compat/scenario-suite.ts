// The frame every real-client compat file shares: one ./mq all-in-one for the file, the topics of
// every scenario created first, one scenario process per client, and one test per scenario that
// asserts what the scenario observed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { killAll } from "../e2e/harness.ts";
import { createTopics, startAllInOne, type AllInOne } from "./all-in-one.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";

/** [scenario, behaviour, expectation]; prefix is the client's topic prefix (topic = <prefix>_<scenario>). */
export type Expectation = [name: string, behaviour: string, check: (r: Observed, prefix: string) => void];

export interface SuiteClient {
  label: string;
  prefix: string;
  scenarios: Expectation[];
  /** Topics to create besides <prefix>_<scenario>, 4 queues each. */
  topics?: string[];
  /** false: no <prefix>_<scenario> topics (the scenarios make their own). */
  scenarioTopics?: boolean;
}

/** Where scenarios run: a NameServer address and a directory for their logs and offset files. */
export type Target = Pick<AllInOne, "namesrvAddr" | "dir">;

/** The topics the clients' scenarios expect to exist (4 queues each). */
export function topicsOf(clients: SuiteClient[]): string[] {
  return clients.flatMap((c) => [
    ...(c.scenarioTopics === false ? [] : c.scenarios.map(([name]) => `${c.prefix}_${name}`)),
    ...(c.topics ?? []),
  ]);
}

/** A scenario's test waits for the ones before it in the same process too. */
export const RESULT_TIMEOUT_MS = 150_000;
/** Covers a cold build (dependency downloads) before the scenarios start. */
const SETUP_TIMEOUT_MS = 600_000;

export function scenarioSuite(opts: {
  title: string;
  ready: boolean;
  clients: SuiteClient[];
  /** Configuration of the all-in-one the scenarios run against. */
  brokerProps?: Record<string, string | number | boolean>;
  /** Builds what the clients need, then starts one run per client (keyed by prefix). */
  start: (target: Target, clients: SuiteClient[]) => Promise<Map<string, ScenarioRun>>;
}): void {
  describe.skipIf(!opts.ready)(opts.title, () => {
    let aio: AllInOne | undefined;
    let runs = new Map<string, ScenarioRun>();

    beforeAll(async () => {
      aio = await startAllInOne(opts.brokerProps);
      await createTopics(aio.namesrvAddr, topicsOf(opts.clients));
      runs = await opts.start(aio, opts.clients);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await killAll();
      await aio?.stop();
    });

    for (const client of opts.clients) {
      describe(client.label, () => {
        for (const [name, behaviour, check] of client.scenarios) {
          test(`${name}: ${behaviour}`, async () => {
            const run = runs.get(client.prefix);
            if (run === undefined) throw new Error("the scenarios did not start (see beforeAll)");
            check(await run.result(name, RESULT_TIMEOUT_MS), client.prefix);
          }, RESULT_TIMEOUT_MS + 5_000);
        }
      });
    }
  });
}

/** Every delay level 1 s, so RECONSUME_LATER retries come quickly; SQL92 selectors allowed; the
 *  message-trace topic made at start. */
export const BROKER_PROPS = {
  enablePropertyFilter: true,
  messageDelayLevel: Array(18).fill("1s").join(" "),
  traceTopicEnable: true,
  // Transactions: a half left open is checked back after a second, not after 6 s / 30 s rounds.
  transactionTimeOut: 1000,
  transactionCheckInterval: 500,
  // A half never answered moves to TRANS_CHECK_MAX_TIME_TOPIC after two checks, not fifteen.
  transactionCheckMax: 2,
  // RECALL_MESSAGE (Java 5.x recallMessage) is off unless asked for, in Apache RocketMQ as in mq.
  recallMessageEnable: true,
};

/** Expectations that hold for every client's scenario of the same name. */
export const shared = {
  sendsOk: (count: number) => (r: Observed) => {
    expect(r).toMatchObject({ sent: count, statuses: ["SEND_OK"], idsWellFormed: count, idsFound: count, readBack: count, matched: count });
  },
  readsBackAll: (count: number) => (r: Observed) => expect(r).toMatchObject({ readBack: count, matched: count, mismatched: [] }),
  clusteringSplits: (r: Observed) => {
    expect(r).toMatchObject({ split: true, overlap: [], distinct: 40 });
    expect((r.queuesA as number[]).length + (r.queuesB as number[]).length).toBe(4);
    expect((r.receivedA as number) + (r.receivedB as number)).toBe(40);
  },
  broadcastsToBoth: (r: Observed) => expect(r).toMatchObject({ receivedA: 20, receivedB: 20, distinctA: 20, distinctB: 20 }),
};
