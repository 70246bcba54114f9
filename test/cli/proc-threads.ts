// The threads of a process as /proc shows them: name and scheduling policy (stat field 41).
import { readdirSync, readFileSync } from "node:fs";

export interface Thread { name: string; policy: number }

export const SCHED_OTHER = 0;

export function threadsOf(pid: number | "self"): Thread[] {
  const threads: Thread[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 on
      threads.push({ name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), policy: Number(fields[41 - 3]) });
    } catch {
      // the thread ended
    }
  }
  return threads;
}
