// The chaos run scripts/chaos.sh starts: a NameServer and a SYNC_FLUSH broker (its store on a
// small filesystem of its own) on free loopback ports, an mq-client workload and an ali-ons
// workload under steady load, and a fault loop (kill, pause, disk-full, one after the other with
// calm in between) for the duration. Then the faults stop, the producers stop, every consumer is
// drained, and the checker compares what was acknowledged with what was received.
// Environment (set by chaos.sh): CHAOS_DIR (the run's directory), CHAOS_DISK (a tmpfs of the
// store's own, empty when none: no disk faults), CHAOS_FUSE=1 when forgetful-fs.py can run (else
// no power cuts), CHAOS_FAULTS (kinds to inject, comma-separated, in order; default all),
// CHAOS_FLUSH (flushDiskType, default SYNC_FLUSH), CHAOS_DURATION_S, BENCH_PIDFILE.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort, killAll, spawn, type Child } from "../bench/procs.ts";
import { Broker } from "./broker.ts";
import { checkRun, type Fault, type FaultKind, type GroupSpec } from "./check.ts";
import { inject, type FaultTargets } from "./faults.ts";
import { readJournals } from "./journal.ts";
import { LiveView } from "./live.ts";
import { createTopics, topicProblems, TOPICS } from "./topics.ts";
import { passed, reportTable } from "./table.ts";
import type { WorkloadConfig } from "./mq-workload.ts";

const ROOT = resolve(import.meta.dir, "../..");
const MQ = join(ROOT, "mq");
const BUN = join(ROOT, "node_modules/.bin/bun");
const DIR = process.env.CHAOS_DIR ?? "";
const DISK = process.env.CHAOS_DISK || undefined;
const FUSE = process.env.CHAOS_FUSE === "1" && DISK !== undefined;
const FLUSH = process.env.CHAOS_FLUSH || "SYNC_FLUSH";
const DURATION_S = Number(process.env.CHAOS_DURATION_S ?? 600);
const CALM_MS_MIN = 8_000;
const CALM_MS_MAX = 16_000;
const DRAIN_IDLE_MS_MAX = 60_000;
const DRAIN_MS_MAX = 240_000;
const GROUPS: GroupSpec[] = [
  { group: "cg-chaos-mq", topics: [TOPICS.plain], orderly: false },
  { group: "GID_CHAOS_ONS", topics: [TOPICS.plain], orderly: false },
  { group: "cg-chaos-order", topics: [TOPICS.order], orderly: true },
];
const say = (text: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

/** The store's directory: on the forgetful filesystem over the tmpfs, on the tmpfs, or plain. */
async function storeDir(): Promise<{ store: string; power: FaultTargets["power"] }> {
  if (!DISK) return { store: join(DIR, "store"), power: undefined };
  if (!FUSE) return { store: join(DISK, "store"), power: undefined };
  const backing = join(DISK, "store");
  const mount = join(DIR, "store");
  mkdirSync(backing);
  mkdirSync(mount);
  const daemon = spawn("forgetful-fs", ["python3", join(import.meta.dir, "forgetful-fs.py"), backing, mount], { cwd: DIR });
  for (const deadline = Date.now() + 15_000; !readFileSync("/proc/mounts", "utf8").includes(` ${mount} fuse`); await Bun.sleep(100)) {
    if (Date.now() > deadline) throw new Error(`forgetful-fs did not mount ${mount}:\n${daemon.lines.join("\n")}`);
  }
  return { store: mount, power: { mount, daemon } };
}

async function startCluster(store: string): Promise<{ namesrvAddr: string; broker: Broker }> {
  const namesrvPort = await freePort();
  const namesrvAddr = `127.0.0.1:${namesrvPort}`;
  const namesrv = spawn("namesrv", [MQ, "namesrv", `--listenPort=${namesrvPort}`, "--logsDir="], { cwd: DIR });
  await namesrv.waitFor(/The Name Server boot success/, 30_000);
  const conf = join(DIR, "broker.properties");
  const props = {
    brokerClusterName: "ChaosCluster", brokerName: "broker-chaos", brokerId: 0, brokerIP1: "127.0.0.1",
    listenPort: await freePort(), namesrvAddr, flushDiskType: FLUSH,
    storePathRootDir: store,
  };
  writeFileSync(conf, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const broker = new Broker(MQ, conf, DIR);
  await broker.start();
  await createTopics(namesrvAddr, "ChaosCluster");
  return { namesrvAddr, broker };
}

function startWorkloads(namesrvAddr: string): Child[] {
  const common = { namesrvAddr, stopProducing: join(DIR, "stop-producing"), stopAll: join(DIR, "stop-all"), plainTopic: TOPICS.plain };
  const mq: WorkloadConfig = { ...common, journal: join(DIR, "mq.jsonl"), orderTopic: TOPICS.order, plainGroup: "cg-chaos-mq",
    orderGroup: "cg-chaos-order", plainLanes: 4, orderKeys: 8, intervalMs: 40 };
  const ons = { ...common, journal: join(DIR, "ons.jsonl"), onsGroup: "GID_CHAOS_ONS", lanes: 2, intervalMs: 40 };
  const echo = (line: string) => !line.startsWith("{");
  process.env.CHAOS_WORKLOAD = JSON.stringify(mq);
  const mqChild = spawn("mq-workload", [BUN, join(import.meta.dir, "mq-workload.ts")], { cwd: DIR, echo });
  process.env.CHAOS_WORKLOAD = JSON.stringify(ons);
  const onsChild = spawn("ons-workload", ["node", join(import.meta.dir, "ons-workload.cjs")], { cwd: DIR, echo });
  delete process.env.CHAOS_WORKLOAD;
  return [mqChild, onsChild];
}

/** Topic configurations that did not survive a restart, with the fault that restarted. */
const metadataLost: string[] = [];

async function faultLoop(broker: Broker, live: LiveView, power: FaultTargets["power"], namesrvAddr: string): Promise<Fault[]> {
  const possible: FaultKind[] = ["kill", "pause", ...(DISK ? ["disk-full" as const] : []), ...(power ? ["power-cut" as const] : [])];
  if (!DISK) say("DISK FAULTS OFF: the store has no filesystem of its own (mount -t tmpfs was refused)");
  if (!power) say("POWER CUTS OFF: forgetful-fs.py cannot run here (python3 with fusepy and libfuse2, and root, are needed)");
  const asked = process.env.CHAOS_FAULTS ? (process.env.CHAOS_FAULTS.split(",") as FaultKind[]) : possible;
  const kinds = asked.filter((k) => possible.includes(k));
  if (kinds.length === 0) throw new Error(`no fault to inject: asked ${asked.join(",")}, possible here ${possible.join(",")}`);
  const faults: Fault[] = [];
  const endMs = Date.now() + DURATION_S * 1000;
  for (let i = 0; ; i++) {
    await Bun.sleep(CALM_MS_MIN + Math.random() * (CALM_MS_MAX - CALM_MS_MIN));
    if (Date.now() >= endMs) return faults;
    const kind = kinds[i % kinds.length]!;
    const fault = await inject(kind, { broker, live, diskDir: DISK, power });
    faults.push(fault);
    if (fault.kind === "kill" || fault.kind === "power-cut" || fault.restartedMs !== undefined) {
      for (const problem of await topicProblems(namesrvAddr)) metadataLost.push(`after fault ${faults.length} (${kind}): ${problem}`);
    }
    live.poll();
    say(`fault ${faults.length}: ${kind} for ${((fault.endMs - fault.startMs) / 1000).toFixed(1)} s; ${live.acks()} acked so far`);
  }
}

/** Waits until every group received every acknowledged message, or progress stops. */
async function drain(live: LiveView): Promise<void> {
  const startMs = Date.now();
  let lastTotal = Infinity;
  let lastProgressMs = Date.now();
  for (;;) {
    live.poll();
    const missing = live.missing();
    const total = [...missing.values()].reduce((a, b) => a + b, 0);
    if (total === 0) {
      say("drained: every group has every acknowledged message");
      return;
    }
    if (total < lastTotal) [lastTotal, lastProgressMs] = [total, Date.now()];
    if (Date.now() - lastProgressMs > DRAIN_IDLE_MS_MAX || Date.now() - startMs > DRAIN_MS_MAX) {
      say(`drain gave up: still missing ${[...missing].map(([g, n]) => `${g} ${n}`).join(", ")}`);
      return;
    }
    await Bun.sleep(500);
  }
}

function findings(broker: Broker, live: LiveView): string[] {
  const out: string[] = metadataLost.map((m) => `topic configuration lost ${m}`);
  for (const c of broker.crashes) out.push(`broker-${c.incarnation} exited by itself (code ${c.code}):\n    ${c.tail.join("\n    ")}`);
  const logs = readdirSync(DIR).filter((f) => /^broker-\d+\.log$/.test(f));
  const noisy = logs.flatMap((f) => readFileSync(join(DIR, f), "utf8").split("\n").filter((l) => /ENOSPC|disk full|no space/i.test(l)));
  if (noisy.length > 0) out.push(`broker log lines about the full disk (${noisy.length}), first: ${noisy.slice(0, 3).join("\n    ")}`);
  const errors = [...live.failures].sort((a, b) => b[1].count - a[1].count).slice(0, 8);
  if (errors.length > 0) out.push(`send errors by text:\n    ${errors.map(([e, s]) => `${s.count} x ${e}`).join("\n    ")}`);
  return out;
}

async function main(): Promise<number> {
  const { store, power } = await storeDir();
  say(`chaos run for ${DURATION_S} s in ${DIR}; store ${store}${power ? " (forgetful-fs over a tmpfs)" : DISK ? " (a tmpfs)" : ""}`);
  const { namesrvAddr, broker } = await startCluster(store);
  const workloads = startWorkloads(namesrvAddr);
  await Promise.all([workloads[0]!.waitFor(/workload ready/, 60_000), workloads[1]!.waitFor(/ons workload ready/, 60_000)]);
  const journals = [join(DIR, "mq.jsonl"), join(DIR, "ons.jsonl")];
  const live = new LiveView(journals, GROUPS);
  say("workloads ready; faults start");
  const faults = await faultLoop(broker, live, power, namesrvAddr);
  say(`faults over (${faults.length}); stopping the producers`);
  writeFileSync(join(DIR, "stop-producing"), "");
  await Promise.all(workloads.map((w) => w.waitFor(/producers stopped/, 60_000)));
  await drain(live);
  writeFileSync(join(DIR, "stop-all"), "");
  await Promise.all(workloads.map((w) => Promise.race([w.exited, Bun.sleep(30_000).then(() => w.stop("SIGKILL"))])));
  await broker.stop();
  if (power) Bun.spawnSync(["umount", power.mount]);
  const report = checkRun(readJournals(journals), faults, GROUPS);
  writeFileSync(join(DIR, "report.json"), JSON.stringify({ faults, report, crashes: broker.crashes }, null, 1));
  process.stdout.write(`\n${FLUSH}: ` + reportTable(report, DURATION_S));
  if (!power) process.stdout.write("power-cut: not injected (forgetful-fs.py could not run)\n");
  for (const f of findings(broker, live)) process.stdout.write(`finding: ${f}\n`);
  for (const g of report.groups) if (g.lost.length > 0) process.stdout.write(`LOST in ${g.group}: ${g.lost.slice(0, 20).join(" ")}\n`);
  const ok = passed(report) && metadataLost.length === 0;
  process.stdout.write(ok ? "PASS: no acknowledged message lost, per-key order kept, topic configurations intact\n" : "FAIL\n");
  return ok ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  process.stdout.write(`chaos run failed: ${e instanceof Error ? e.stack : String(e)}\n`);
} finally {
  killAll();
}
process.exit(code);
