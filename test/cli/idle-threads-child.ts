// Run by thread-priority.test.ts in a process of its own (so the test runner's own compiler
// threads keep their policy): makes code hot enough for the optimizing compilers, which start the
// JITWorker threads, runs two passes and prints what they did and every thread's policy as JSON.
import { idleBackgroundThreadsOnce } from "../../src/cli/index.ts";
import { threadsOf } from "./proc-threads.ts";

const threads = () => threadsOf("self");

function hot(rounds: number): number {
  let sum = 0;
  const square = (x: number) => (x * x) % 1_000_003;
  for (let i = 0; i < rounds; i++) sum = (sum + square(i)) % 1_000_003;
  return sum;
}

for (let i = 0; i < 50 && !threads().some((t) => t.name === "JITWorker"); i++) hot(2_000_000);
const before = threads();
const idle = new Set<string>();
const moved = [idleBackgroundThreadsOnce(idle), idleBackgroundThreadsOnce(idle)];
process.stdout.write(JSON.stringify({ before, after: threads(), moved }) + "\n");
