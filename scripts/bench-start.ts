// Start-up time and idle memory of each role: spawns ./mq (build it first: npm run build) in a
// temporary directory on free ports, times spawn → boot line, reads VmRSS once booted, stops it
// with SIGTERM. Usage: node_modules/.bin/bun scripts/bench-start.ts [runs=5]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./bench/procs.ts";

const MQ = resolve(import.meta.dir, "..", "mq");
const RUNS = Number(process.argv[2] ?? 5);


async function bootOnce(args: (dir: string) => Promise<string[]>, bootLines: number): Promise<{ ms: number; rssKiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), "mq-start-"));
  const argv = await args(dir);
  const started = performance.now();
  const child = Bun.spawn([MQ, ...argv, "--logsDir="], { cwd: dir, stdout: "pipe", stderr: "inherit" });
  let seen = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk, { stream: true });
    seen = (text.match(/boot success/g) ?? []).length;
    if (seen >= bootLines) break;
  }
  const ms = performance.now() - started;
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  child.kill("SIGTERM");
  await child.exited;
  rmSync(dir, { recursive: true, force: true });
  if (seen < bootLines) throw new Error(`${argv.join(" ")}: no boot line`);
  return { ms, rssKiB };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// Ports from below the ephemeral range, with the broker's VIP (-2) and HA (+1) ports free too.
const roles: [string, (dir: string) => Promise<string[]>, number][] = [
  ["namesrv", async () => ["namesrv", `--listenPort=${await freePort()}`], 1],
  ["broker", async (dir) => ["broker", `--listenPort=${await freePort()}`, `--storePathRootDir=${dir}/store`], 1],
  ["all-in-one", async () => ["all-in-one", `--namesrv-port=${await freePort()}`, `--broker.listenPort=${await freePort()}`], 2],
];

console.log(`mq start-up, ${RUNS} runs each (median): spawn → boot line, then idle RSS`);
for (const [name, args, lines] of roles) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await bootOnce(args, lines));
  const ms = median(runs.map((r) => r.ms));
  const rss = median(runs.map((r) => r.rssKiB)) / 1024;
  console.log(`${name.padEnd(11)} ${ms.toFixed(0).padStart(5)} ms   ${rss.toFixed(1).padStart(6)} MiB`);
}
