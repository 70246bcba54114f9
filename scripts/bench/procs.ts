// Processes of the benchmark run: free loopback ports, children whose output lines can be awaited,
// a registry that kills every child still running (on exit or on a signal), and the /proc figures
// the table reports: resident memory (VmRSS, VmHWM) and CPU time (utime + stime).
import { readFileSync, writeFileSync } from "node:fs";
import type { Subprocess } from "bun";
import { forEachLine } from "../../test/e2e/lines.ts";

const running = new Set<Subprocess>();
/** Where the pids of the children still running are kept, for bench.sh to kill should this process die. */
const pidFile = process.env.BENCH_PIDFILE;

function notePids(): void {
  if (pidFile) writeFileSync(pidFile, [...running].map((p) => `${p.pid}\n`).join(""));
}

const givenPorts = new Set<number>();

/** A free port, with the two below it and the one above (a broker's VIP and HA ports), from
 *  20000-32000: below Linux's usual ephemeral range, where an outgoing connection could take it
 *  first. Never the same or a neighbouring port twice in a run. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ([...givenPorts].some((given) => Math.abs(given - port) <= 3)) continue;
    const probes = [];
    try {
      for (const p of [port - 2, port, port + 1]) probes.push(Bun.listen({ hostname: "127.0.0.1", port: p, socket: { data() {} } }));
    } catch {
      continue;
    } finally {
      for (const probe of probes) probe.stop(true);
    }
    givenPorts.add(port);
    return port;
  }
}

export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<number>;
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];

  constructor(readonly name: string, readonly proc: Subprocess<"ignore", "pipe", "pipe">, private readonly echo: (line: string) => boolean) {
    const pumped = Promise.all([forEachLine(proc.stdout, (line) => this.onLine(line)), forEachLine(proc.stderr, (line) => this.onLine(line))]);
    this.exited = Promise.all([proc.exited, pumped]).then(([code]) => code);
  }

  get pid(): number {
    return this.proc.pid;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    if (this.echo(line)) process.stdout.write(`  [${this.name}] ${line}\n`);
    this.waiters = this.waiters.filter((w) => {
      if (!w.re.test(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  /** The first line (seen or to come) matching re; rejects after timeoutMs or when the child exits. */
  waitFor(re: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: ${re} not seen in ${timeoutMs} ms\n${this.lines.slice(-20).join("\n")}`)), timeoutMs);
      this.waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      void this.exited.then((code) => reject(new Error(`${this.name} exited (${code}) before ${re}\n${this.lines.slice(-20).join("\n")}`)));
    });
  }

  /** User + system CPU seconds the child used; 0 until it has exited. */
  cpuSeconds(): number {
    const usage = this.proc.resourceUsage();
    return usage === undefined ? 0 : Number(usage.cpuTime.total) / 1e6;
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number> {
    if (this.proc.exitCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

export function spawn(name: string, cmd: string[], opts: { cwd?: string; echo?: (line: string) => boolean } = {}): Child {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, NAMESRV_ADDR: "" } });
  running.add(proc);
  notePids();
  void proc.exited.then(() => {
    running.delete(proc);
    notePids();
  });
  return new Child(name, proc, opts.echo ?? (() => false));
}

/** SIGKILLs every child still running; the run calls it on the way out, whatever happened. */
export function killAll(): void {
  for (const proc of running) if (proc.exitCode === null) proc.kill("SIGKILL");
}

const CLOCK_TICKS_PER_S = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memoryMiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024 };
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** Samples VmRSS every intervalMs; stop() returns the largest seen. */
export function rssSampler(pid: number, intervalMs = 100): { stop(): number } {
  let peak = memoryMiB(pid).rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryMiB(pid).rss);
    } catch {
      // the process is gone; keep what was seen
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, memoryMiB(pid).rss);
      } catch {
        // gone
      }
      return peak;
    },
  };
}

/** CPU seconds the whole machine has been busy (all cores, everything but idle and iowait), from /proc/stat. */
export function machineBusySeconds(): number {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!;
  return busy / CLOCK_TICKS_PER_S;
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}
