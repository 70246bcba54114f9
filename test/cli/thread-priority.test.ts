// The runtime's compiler threads run in SCHED_IDLE, in this process (unit) and in a broker started
// from the compiled binary after it has handled load (the bun:ffi call works in the binary).
import { afterAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { BACKGROUND_THREAD_NAMES, idleBackgroundThreadsOnce, SCHED_IDLE } from "../../src/cli/index.ts";
import { killAll, spawnMq, startCluster, type Cluster } from "../e2e/harness.ts";

/** name and scheduling policy (stat field 41) of each thread of pid. */
function threadsOf(pid: number | "self"): { name: string; policy: number }[] {
  const threads: { name: string; policy: number }[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 on
      threads.push({ name, policy: Number(fields[41 - 3]) });
    } catch {
      // the thread ended
    }
  }
  return threads;
}

const compilerThreads = (pid: number | "self") => threadsOf(pid).filter((t) => t.name === "JITWorker");

/** Hot enough for the optimizing compilers, which start the JITWorker threads. */
function hot(rounds: number): number {
  let sum = 0;
  const square = (x: number) => (x * x) % 1_000_003;
  for (let i = 0; i < rounds; i++) sum = (sum + square(i)) % 1_000_003;
  return sum;
}

let cluster: Cluster | undefined;
afterAll(async () => {
  await killAll();
  await cluster?.stop();
});

test.skipIf(process.platform !== "linux")("a pass moves this process's compiler threads, and only them, to SCHED_IDLE", () => {
  for (let i = 0; i < 50 && compilerThreads("self").length === 0; i++) hot(2_000_000);
  expect(compilerThreads("self").length).toBeGreaterThan(0);
  const others = threadsOf("self").filter((t) => !BACKGROUND_THREAD_NAMES.includes(t.name));

  const pass = idleBackgroundThreadsOnce();
  expect(pass?.moved).toBeGreaterThan(0);
  for (const t of compilerThreads("self")) expect(t).toEqual({ name: "JITWorker", policy: SCHED_IDLE });
  // The event loop's thread and the rest keep their policy.
  const after = new Map(threadsOf("self").map((t) => [t.name, t.policy]));
  for (const t of others) if (after.has(t.name)) expect(after.get(t.name)).toBe(t.policy);
  // A second pass over the same threads moves nothing again.
  expect(idleBackgroundThreadsOnce(pass?.present)?.moved).toBe(0);
});

test.skipIf(process.platform !== "linux")("a broker's compiler threads are in SCHED_IDLE once it has handled load", async () => {
  cluster = await startCluster();
  const producer = spawnMq("produce", ["bench", "produce", "-n", cluster.namesrvAddr, "-t", "ThreadTopic", "-s", "256", "--count", "20000"]);
  expect(await producer.exited).toBe(0);
  const pid = cluster.broker.child.pid;
  expect(compilerThreads(pid).length).toBeGreaterThan(0);
  // Passes run every second at most: wait for one to cover threads started by that load.
  const deadlineMs = performance.now() + 5_000;
  while (compilerThreads(pid).some((t) => t.policy !== SCHED_IDLE) && performance.now() < deadlineMs) await Bun.sleep(50);
  expect(compilerThreads(pid).map((t) => t.policy)).toEqual(compilerThreads(pid).map(() => SCHED_IDLE));
  expect(threadsOf(pid).find((t) => t.name === "mq")?.policy).toBe(0);
}, 60_000);
