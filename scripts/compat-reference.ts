// Apache RocketMQ as a differential oracle (issue 13): runs the compat suite's Java, Go and
// mqadmin scenarios (test/compat) against Apache RocketMQ's own NameServer and broker, 5.5.0 and
// 4.9.7 (scripts/rocketmq-reference.sh; COMPAT_REFERENCE_VERSIONS picks others), and against
// ./mq all-in-one, one target after the other, and
// prints one table: each scenario, whether the expectation npm test holds mq to also holds on
// each, and what each observed where they differ. Usage: scripts/compat-reference.sh
// (build ./mq first: npm run build); with COMPAT_REFERENCE_JSON=<file> every observation is
// also written there; COMPAT_REFERENCE_ONLY=phased (or suites) runs only the phased scenarios
// (phased-scenarios.ts: killed producers, broker restarts) or only the one-process suites.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createTopics, startAllInOne } from "../test/compat/all-in-one.ts";
import { GO_CLIENTS, startGoClients } from "../test/compat/go-scenarios.ts";
import { JAVA_CLIENTS, startJavaClients } from "../test/compat/java-scenarios.ts";
import { PHASED_BROKER_PROPS, PHASED_CLIENTS, phasedTopics, runPhased, type RestartableTarget } from "../test/compat/phased-scenarios.ts";
import { ADMIN_CLIENTS, startAdminRunners } from "../test/compat/mqadmin-run.ts";
import { unsupportedCodes } from "../test/compat/mqadmin-steps.ts";
import type { Observed, ScenarioRun } from "../test/compat/scenario-run.ts";
import { BROKER_PROPS, RESULT_TIMEOUT_MS, topicsOf, type SuiteClient, type Target } from "../test/compat/scenario-suite.ts";
import { killAll, spawnProc, startCluster, tempDir } from "../test/e2e/harness.ts";

const REFERENCE_SCRIPT = resolve(import.meta.dir, "rocketmq-reference.sh");

interface Suite {
  name: string;
  clients: SuiteClient[];
  start: (target: Target, clients: SuiteClient[]) => Promise<Map<string, ScenarioRun>>;
}

const SUITES: Suite[] = [
  { name: "Java", clients: JAVA_CLIENTS, start: startJavaClients },
  { name: "Go", clients: GO_CLIENTS, start: startGoClients },
  { name: "mqadmin", clients: ADMIN_CLIENTS, start: startAdminRunners },
];

/** A scenario on one target: the expectation's verdict and the observation, normalised. */
interface Outcome {
  ok: boolean;
  why?: string;
  seen?: unknown;
  observed?: Observed;
}

type Outcomes = Map<string, Outcome>;
const rowKey = (suite: string, client: { label: string }, scenario: string) => `${suite}\t${client.label}\t${scenario}`;

/** Runs every suite against the target, one suite after the other (mqadmin's wipeWritePerm would refuse the others' sends). */
async function runAll(target: Target): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  await createTopics(target.namesrvAddr, SUITES.flatMap((s) => topicsOf(s.clients)));
  for (const suite of SUITES) {
    const runs = await suite.start(target, suite.clients);
    for (const client of suite.clients) {
      for (const [name, , check] of client.scenarios) {
        outcomes.set(rowKey(suite.name, client, name), await outcomeOf(runs.get(client.prefix), name, (r) => check(r, client.prefix)));
      }
    }
    // Only the suite's own processes: killAll() would end ./mq all-in-one too.
    await Promise.all([...runs.values()].map((run) => run.proc.kill("SIGKILL")));
  }
  return outcomes;
}

/** The phased scenarios (phased-scenarios.ts), each client's one after another, on a target whose broker they restart. */
async function runAllPhased(target: RestartableTarget): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  await createTopics(target.namesrvAddr, phasedTopics(PHASED_CLIENTS));
  for (const client of PHASED_CLIENTS) {
    for (const scenario of client.scenarios) {
      const observe = () => runPhased(target, client, scenario);
      outcomes.set(rowKey("phased", client, scenario.name), await observedOutcome(observe, (r) => scenario.check(r as Record<string, Observed>, `${client.prefix}_${scenario.name}`)));
    }
  }
  return outcomes;
}

function outcomeOf(run: ScenarioRun | undefined, name: string, check: (r: Observed) => void): Promise<Outcome> {
  if (run === undefined) return Promise.resolve({ ok: false, why: "did not start" });
  return observedOutcome(() => run.result(name, RESULT_TIMEOUT_MS), check);
}

async function observedOutcome(observe: () => Promise<Observed>, check: (r: Observed) => void): Promise<Outcome> {
  let observed: Observed;
  try {
    observed = await observe();
  } catch (err) {
    return { ok: false, why: firstLine(err) };
  }
  const seen = normalise(observed);
  try {
    check(observed);
    return { ok: true, seen, observed };
  } catch (err) {
    return { ok: false, why: firstLine(err), seen, observed };
  }
}

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\x1b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 120) ?? "";

/** Keys whose values change from run to run (times, durations, addresses). */
const VOLATILE = /(^ms$|Ms$|At$|[Tt]ime|[Aa]ddr|[Hh]ost|[Pp]ort)/;

/** The observation without what varies between runs; message ids become their shape; mqadmin output becomes its exit status and refused codes. */
function normalise(v: unknown): unknown {
  if (typeof v === "string") return /^[0-9A-F]{24,}$/.test(v) ? `<${v.length} hex>` : v;
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.out === "string" && "exit" in o) return { exit: o.exit, refused: unsupportedCodes(o.out) };
    return Object.fromEntries(Object.entries(o).filter(([k]) => !VOLATILE.test(k)).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}

/** Top-level fields that differ: "field: reference → mq". */
function differences(a: unknown, b: unknown): string {
  if (a === undefined || b === undefined) return "";
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  const short = (x: unknown) => (x === undefined ? "-" : JSON.stringify(x).slice(0, 60));
  return keys.filter((k) => JSON.stringify(ra[k]) !== JSON.stringify(rb[k])).map((k) => `${k}: ${short(ra[k])} → ${short(rb[k])}`).join("; ");
}

const cell = (o: Outcome | undefined) => (o === undefined ? "-" : o.ok ? "✓" : `✗ ${o.why ?? ""}`).replaceAll("|", "\\|");

function table(references: Array<[string, Outcomes]>, mq: Outcomes): string {
  const head = references.map(([name]) => name);
  const lines = [`| suite | client | scenario | ${head.join(" | ")} | mq | observed differently (reference → mq) |`, `|${"---|".repeat(head.length + 5)}`];
  for (const key of mq.keys()) {
    const [suite, client, scenario] = key.split("\t");
    const m = mq.get(key);
    const diffs = references
      .map(([name, outcomes]) => [name, differences(outcomes.get(key)?.seen, m?.seen)] as const)
      .filter(([, d]) => d !== "");
    const diffText = diffs.map(([name, d]) => (references.length > 1 ? `${name.replace("Apache RocketMQ ", "")}: ${d}` : d)).join(" / ");
    const cells = references.map(([, outcomes]) => cell(outcomes.get(key)));
    lines.push(`| ${suite} | ${client} | ${scenario} | ${cells.join(" | ")} | ${cell(m)} | ${diffText.replaceAll("|", "\\|")} |`);
  }
  return lines.join("\n");
}

async function startReference(version: string, props: Record<string, unknown> = BROKER_PROPS): Promise<RestartableTarget & { stop(): Promise<void> }> {
  const lines = Object.entries(props).map(([k, v]) => `${k}=${v}`);
  const start = spawnProc("reference", ["bash", REFERENCE_SCRIPT, "start", ...lines], { env: { RMQ_REF_VERSION: version } });
  const code = await start.exited;
  const m = /dir=(\S+) namesrvAddr=(\S+)/.exec(start.output());
  if (code !== 0 || m === null) throw new Error(`${REFERENCE_SCRIPT} start exited ${code}:\n${start.tail()}`);
  const [, refDir, namesrvAddr] = m as unknown as [string, string, string];
  const dir = tempDir("mq-compat-reference-");
  return {
    namesrvAddr,
    dir,
    async restartBroker(signal) {
      const restart = spawnProc("reference-restart", ["bash", REFERENCE_SCRIPT, "restart-broker", refDir, signal.replace("SIG", "")]);
      if ((await restart.exited) !== 0) throw new Error(`restart-broker exited ${restart.child.exitCode}:\n${restart.tail()}`);
    },
    async stop() {
      await spawnProc("reference-stop", ["bash", REFERENCE_SCRIPT, "stop", refDir]).exited;
    },
  };
}

/** ./mq as a NameServer and a broker of their own (the broker restarts alone). */
async function startMqCluster(): Promise<RestartableTarget & { stop(): Promise<void> }> {
  const cluster = await startCluster(Object.fromEntries(Object.entries(PHASED_BROKER_PROPS).map(([k, v]) => [k, String(v)])));
  return {
    namesrvAddr: cluster.namesrvAddr,
    dir: cluster.dir,
    async restartBroker(signal) {
      await cluster.broker.kill(signal);
      await cluster.startBroker();
    },
    stop: () => cluster.stop(),
  };
}

/** Runs on a target started for it, and stops the target whatever happens. */
async function onTarget<T extends { stop(): Promise<void> }>(start: () => Promise<T>, run: (target: T) => Promise<Outcomes>): Promise<Outcomes> {
  const target = await start();
  try {
    return await run(target);
  } finally {
    await target.stop();
  }
}

/** COMPAT_REFERENCE_ONLY=phased: the phased scenarios only; =suites: the one-process suites only. */
const ONLY = process.env.COMPAT_REFERENCE_ONLY;
const withSuites = ONLY !== "phased";
const withPhased = ONLY !== "suites";

const merged = (...all: Outcomes[]): Outcomes => new Map(all.flatMap((o) => [...o]));

/** The Apache RocketMQ versions compared with (4.9.8's NameServer and broker are not on Maven Central). */
const VERSIONS = (process.env.COMPAT_REFERENCE_VERSIONS ?? "5.5.0 4.9.7").split(/\s+/).filter((v) => v !== "");

async function main(): Promise<void> {
  const references: Array<[string, Outcomes]> = [];
  for (const version of VERSIONS) {
    process.stderr.write(`starting Apache RocketMQ ${version} ...\n`);
    const suites = withSuites ? await onTarget(() => startReference(version), runAll) : new Map();
    const phased = withPhased ? await onTarget(() => startReference(version, PHASED_BROKER_PROPS), runAllPhased) : new Map();
    references.push([`Apache RocketMQ ${version}`, merged(suites, phased)]);
  }
  process.stderr.write("starting ./mq ...\n");
  let onMq: Outcomes;
  try {
    const suites = withSuites ? await onTarget(() => startAllInOne(BROKER_PROPS), runAll) : new Map();
    const phased = withPhased ? await onTarget(startMqCluster, runAllPhased) : new Map();
    onMq = merged(suites, phased);
  } finally {
    await killAll();
  }
  const json = process.env.COMPAT_REFERENCE_JSON;
  if (json !== undefined) {
    writeFileSync(json, JSON.stringify({ ...Object.fromEntries(references.map(([name, o]) => [name, Object.fromEntries(o)])), mq: Object.fromEntries(onMq) }, null, 1));
  }
  process.stdout.write(table(references, onMq) + "\n");
}

await main();
