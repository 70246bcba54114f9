// The runtime's compiler threads run in SCHED_IDLE: in a process that makes the pass itself, and
// in a broker started from the compiled binary once it has handled load (bun:ffi works there too).
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { SCHED_IDLE } from "../../src/cli/index.ts";
import { killAll, spawnMq, startCluster, type Cluster } from "../e2e/harness.ts";
import { SCHED_OTHER, threadsOf, type Thread } from "./proc-threads.ts";

const compilerThreads = (threads: Thread[]) => threads.filter((t) => t.name === "JITWorker");

let cluster: Cluster | undefined;
afterAll(async () => {
  await killAll();
  await cluster?.stop();
});

test.skipIf(process.platform !== "linux")("a pass moves the compiler threads, and only them, to SCHED_IDLE, once", () => {
  const child = Bun.spawnSync([process.execPath, join(import.meta.dir, "idle-threads-child.ts")], { stderr: "pipe" });
  expect(child.exitCode).toBe(0);
  const { before, after, moved } = JSON.parse(child.stdout.toString()) as { before: Thread[]; after: Thread[]; moved: number[] };
  expect(compilerThreads(before).length).toBeGreaterThan(0);
  expect(compilerThreads(before).every((t) => t.policy === SCHED_OTHER)).toBe(true);
  expect(compilerThreads(after).map((t) => t.policy)).toEqual(compilerThreads(after).map(() => SCHED_IDLE));
  // The event loop's thread keeps its policy, and a second pass over the same threads moves none.
  expect(after[0]).toEqual(before[0]!);
  expect(moved[0]).toBeGreaterThanOrEqual(compilerThreads(before).length);
  expect(moved[1]).toBe(0);
});

test.skipIf(process.platform !== "linux")("a broker's compiler threads are in SCHED_IDLE once it has handled load", async () => {
  cluster = await startCluster();
  const producer = spawnMq("produce", ["bench", "produce", "-n", cluster.namesrvAddr, "-t", "ThreadTopic", "-s", "256", "--count", "20000"]);
  expect(await producer.exited).toBe(0);
  const pid = cluster.broker.child.pid;
  expect(compilerThreads(threadsOf(pid)).length).toBeGreaterThan(0);
  // Passes run every second at most: wait for one to cover threads started by that load.
  const deadlineMs = performance.now() + 5_000;
  while (compilerThreads(threadsOf(pid)).some((t) => t.policy !== SCHED_IDLE) && performance.now() < deadlineMs) await Bun.sleep(50);
  const threads = threadsOf(pid);
  expect(compilerThreads(threads).map((t) => t.policy)).toEqual(compilerThreads(threads).map(() => SCHED_IDLE));
  expect(threads.find((t) => t.name === "mq")?.policy).toBe(SCHED_OTHER);
}, 60_000);
