// Scenarios in phases (issue 15): each phase is one run of the Java or Go scenario program with the
// phase "<scenario>:<phase>" (TransactionPhases.java, TimerScenarios.java, transaction_phases.go),
// and between phases the caller kills the client (SIGKILL, a producer dying between its half and
// its commit) or restarts the broker (a clean stop, or SIGKILL). The expectations are what Apache
// RocketMQ gives the same clients (scripts/compat-reference.sh runs them against it too).
import { expect } from "bun:test";
import { buildGo, goClientVersion, runGo } from "./go-build.ts";
import { buildJava, clientVersion, runJava, type JavaModule } from "./java-build.ts";
import type { Observed, ScenarioRun } from "./scenario-run.ts";
import { BROKER_PROPS, type Target } from "./scenario-suite.ts";

export type BrokerSignal = "SIGTERM" | "SIGKILL";

/** A target whose broker can be stopped and started again on the same store and ports. */
export interface RestartableTarget extends Target {
  restartBroker(signal: BrokerSignal): Promise<void>;
}

type Step = { phase: string; hold?: true } | { restart: BrokerSignal };

export interface PhasedScenario {
  name: string;
  behaviour: string;
  steps: Step[];
  /** r: each phase's observation by phase name; the topic is <prefix>_<name>. */
  check: (r: Record<string, Observed>, topic: string) => void;
}

export interface PhasedClient {
  label: string;
  prefix: string;
  kind: "java" | "go";
  scenarios: PhasedScenario[];
  /** Starts the program with one phase; hold keeps it up after the phase until it is killed. */
  start: (target: Target, phase: string, hold: boolean) => Promise<ScenarioRun>;
}

/** The suite's broker settings, but 30 checks before TRANS_CHECK_MAX_TIME_TOPIC: each check round
 *  while no producer of the group is connected (the killed one gone, the next not yet up, the
 *  broker restarting) counts, in Apache RocketMQ as in mq. And checkTransactionMessageEnable=false,
 *  which no RocketMQ since 3.x reads (4.9.7's and 5.5.0's jars do not hold the name): the checks
 *  these scenarios need still come, from Apache RocketMQ and from mq alike. */
export const PHASED_BROKER_PROPS = { ...BROKER_PROPS, transactionCheckMax: 30, checkTransactionMessageEnable: false };

/** One phase's result, JVM or Go process start included. */
const PHASE_TIMEOUT_MS = 90_000;

/** The check phase: only unknown-0 was checked back (the ended halves kept their op across the restart). */
function checkedOnlyUnknown(check: Observed, topic: string): void {
  expect(Object.keys(check.checked as Record<string, number>)).toEqual([`unknown-0@${topic}`]);
}

const TX_KILLED: PhasedScenario = {
  name: "tx-killed",
  behaviour: "a producer SIGKILLed between its half and the commit: the half is checked back through another producer of the group, started afterwards, and delivered once",
  steps: [{ phase: "half", hold: true }, { phase: "check" }],
  check: (r, topic) => {
    expect(r.check!.received).toEqual({ "unknown-0": 1 });
    checkedOnlyUnknown(r.check!, topic);
  },
};

const txRestart = (name: string, signal: BrokerSignal, how: string): PhasedScenario => ({
  name,
  behaviour: `commit, rollback and UNKNOW halves, the producer killed and the broker ${how}: the check resolves the open one; each commit delivered once, the rollback never`,
  steps: [{ phase: "half", hold: true }, { restart: signal }, { phase: "check" }],
  check: (r, topic) => {
    expect(r.check!.received).toEqual({ "commit-0": 1, "unknown-0": 1 });
    checkedOnlyUnknown(r.check!, topic);
  },
});

const timerRestart = (name: string, signal: BrokerSignal, how: string, atLeastOnce: boolean): PhasedScenario => ({
  name,
  behaviour: `ten timers due 4 s later, the broker ${how} meanwhile: every one delivered ${atLeastOnce ? "at least" : "exactly"} once, none before its time`,
  steps: [{ phase: "send" }, { restart: signal }, { phase: "receive" }],
  check: (r) => {
    expect(r.send).toMatchObject({ sendOk: 10 });
    expect(r.receive).toMatchObject({ distinct: 10, early: 0 });
    if (atLeastOnce) expect(r.receive!.deliveries as number).toBeGreaterThanOrEqual(10);
    else expect(r.receive!.deliveries).toBe(10);
  },
});

const TX_SCENARIOS = [TX_KILLED, txRestart("tx-restart", "SIGTERM", "stopped and started"), txRestart("tx-crash", "SIGKILL", "SIGKILLed and started")];
const TIMER_SCENARIOS = [timerRestart("timer-restart", "SIGTERM", "stopped and started", false), timerRestart("timer-crash", "SIGKILL", "SIGKILLed and started", true)];

let javaBuild: Promise<Record<JavaModule, string[]>> | undefined;
let goBuild: Promise<string> | undefined;

const javaClient = (module: JavaModule, prefix: string): PhasedClient => ({
  label: `rocketmq-client ${clientVersion(module)}`,
  prefix,
  kind: "java",
  scenarios: [...TX_SCENARIOS, ...TIMER_SCENARIOS],
  start: async (target, phase, hold) => runJava((await (javaBuild ??= buildJava()))[module], {
    name: `java-${prefix}-${phase}`, namesrvAddr: target.namesrvAddr, prefix, dir: target.dir, scenarios: [phase],
    systemProps: { "mqcompat.hold": String(hold) },
  }),
});

/** Prefixes of their own, so these topics and groups never meet the one-process suites' on a shared target. */
export const PHASED_CLIENTS: PhasedClient[] = [
  javaClient("v4", "J4P"),
  javaClient("v5", "J5P"),
  {
    label: `rocketmq-client-go ${goClientVersion()}`,
    prefix: "GP",
    kind: "go",
    scenarios: TX_SCENARIOS,
    start: async (target, phase, hold) => runGo(await (goBuild ??= buildGo()), {
      name: `go-GP-${phase}`, namesrvAddr: target.namesrvAddr, prefix: "GP", dir: target.dir, scenarios: [phase], hold,
    }),
  },
];

export const phasedTopics = (clients: PhasedClient[]): string[] => clients.flatMap((c) => c.scenarios.map((s) => `${c.prefix}_${s.name}`));

/** Runs the scenario's steps in order; resolves with each phase's observation. Every process it starts is killed before it returns. */
export async function runPhased(target: RestartableTarget, client: PhasedClient, scenario: PhasedScenario): Promise<Record<string, Observed>> {
  const results: Record<string, Observed> = {};
  for (const step of scenario.steps) {
    if ("restart" in step) {
      await target.restartBroker(step.restart);
      continue;
    }
    const phase = `${scenario.name}:${step.phase}`;
    const run = await client.start(target, phase, step.hold === true);
    try {
      results[step.phase] = await run.result(phase, PHASE_TIMEOUT_MS);
    } finally {
      await run.proc.kill("SIGKILL");
    }
  }
  return results;
}
