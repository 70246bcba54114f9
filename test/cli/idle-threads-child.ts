// Run by thread-priority.test.ts in a process of its own (so the test runner's own compiler
// threads keep their policy): makes code hot enough for the optimizing compilers, which start the
// JITWorker threads, runs two passes and prints what they did and every thread's policy as JSON.
import { readdirSync, readFileSync } from "node:fs";
import { idleBackgroundThreadsOnce } from "../../src/cli/index.ts";

/** Name and scheduling policy (stat field 41) of each thread of this process. */
function threads(): { name: string; policy: number }[] {
  const out: { name: string; policy: number }[] = [];
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 on
      out.push({ name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), policy: Number(fields[41 - 3]) });
    } catch {
      // the thread ended
    }
  }
  return out;
}

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
