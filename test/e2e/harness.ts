// Runs the compiled ./mq binary for end-to-end tests: free ports, temp directories, line waiters,
// and a registry that kills every process a test started.

import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "bun:test";
import type { Subprocess } from "bun";
import { forEachLine } from "./lines.ts";

export const ROOT = resolve(import.meta.dir, "../..");
export const MQ = join(ROOT, "mq");

/**
 * A port free right now, also at -2 and +1 (the broker's VIP and HA ports), never handed out
 * before in this process, and below the kernel's ephemeral range: a port from that range (what
 * port 0 gives) can be taken by any outgoing connection's local end before the server binds it.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralLow() - 2;
  for (;;) {
    const port = PORT_MIN + Math.floor(Math.random() * (below - PORT_MIN));
    if ([...handedOut].some((taken) => Math.abs(taken - port) <= 3)) continue;
    if (!(await portsFree([port, port - 2, port + 1]))) continue;
    handedOut.add(port);
    return port;
  }
}

const PORT_MIN = 20_000;
const handedOut = new Set<number>();

/** The low end of net.ipv4.ip_local_port_range (32768 when it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > PORT_MIN + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

async function portsFree(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    try {
      const probe = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
      probe.stop(true);
    } catch {
      return false;
    }
  }
  return true;
}

export function tempDir(prefix = "mq-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A child process whose output lines can be awaited. */
export class Proc {
  readonly lines: string[] = [];
  /** Output lines that parsed as JSON objects (the ali-ons client scripts print these). */
  readonly objects: Record<string, unknown>[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  readonly exited: Promise<number>;

  constructor(
    readonly name: string,
    readonly child: Subprocess<"ignore", "pipe", "pipe">,
  ) {
    const pumped = Promise.all([forEachLine(child.stdout, (line) => this.onLine(line)), forEachLine(child.stderr, (line) => this.onLine(line))]);
    // Exit is reported only once every output line has been read.
    this.exited = Promise.all([child.exited, pumped]).then(([code]) => code);
  }

  private onLine(line: string): void {
    this.lines.push(line);
    if (line.startsWith("{")) {
      try {
        this.objects.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a log line that happens to start with a brace
      }
    }
    if (process.env.MQ_E2E_VERBOSE) process.stderr.write(`[${this.name}] ${line}\n`);
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once check() holds, re-checked after every output line; rejects after timeoutMs or on exit. */
  until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name}: ${what} not seen within ${timeoutMs} ms; last output:\n${this.tail()}`));
      }, timeoutMs);
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolvePromise();
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((code) => {
        if (!this.waiters.includes(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before ${what}; output:\n${this.tail()}`));
      });
    });
  }

  /** Resolves with the first line (already seen or future) matching re. */
  async waitFor(re: RegExp, timeoutMs = 15_000): Promise<string> {
    await this.until(() => this.lines.some((l) => re.test(l)), String(re), timeoutMs);
    return this.lines.find((l) => re.test(l)) as string;
  }

  tail(n = 40): string {
    return this.lines.slice(-n).join("\n");
  }

  output(): string {
    return this.lines.join("\n");
  }

  kill(signal: NodeJS.Signals | number = "SIGTERM"): Promise<number> {
    if (this.child.exitCode === null && !this.child.killed) this.child.kill(signal);
    return this.exited;
  }
}

const running = new Set<Proc>();
/** Broadcasting consumers started by tests keep their offsets here, not under the user's home;
 *  made on the first spawn, removed by killAll() (bun test fires no process "exit" event). */
let offsetStoreDir: string | undefined;

export function spawnProc(name: string, cmd: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Proc {
  const child = Bun.spawn(cmd, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ROCKETMQ_LOCAL_OFFSET_STORE_DIR: (offsetStoreDir ??= tempDir("mq-offsets-")), ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const proc = new Proc(name, child);
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
  return proc;
}

export function spawnMq(
  name: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; binary?: string } = {},
): Proc {
  const binary = opts.binary ?? MQ;
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'npm run build' first`);
  return spawnProc(name, [binary, ...args], opts);
}

/** Kills every process still running; call from afterAll/afterEach. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill("SIGKILL")));
  if (offsetStoreDir !== undefined) rmSync(offsetStoreDir, { recursive: true, force: true });
  offsetStoreDir = undefined;
}

export interface Cluster {
  namesrvAddr: string;
  brokerAddr: string;
  brokerPort: number;
  dir: string;
  namesrv: Proc;
  broker: Proc;
  startBroker(extra?: string[]): Promise<Proc>;
  stop(): Promise<void>;
}

/** A NameServer and a broker as two processes on free ports, each in the test's temp directory. */
export async function startCluster(
  brokerProps: Record<string, string | number> = {}, namesrvArgs: string[] = [], binary = MQ,
): Promise<Cluster> {
  const dir = tempDir();
  const namesrvPort = await freePort();
  const brokerPort = await freePort();
  const namesrvAddr = `127.0.0.1:${namesrvPort}`;
  const namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${namesrvPort}`, "--logsDir=", ...namesrvArgs],
    { cwd: dir, binary });
  await namesrv.waitFor(/The Name Server boot success/);
  const confPath = join(dir, "broker.properties");
  const props: Record<string, string | number> = {
    brokerClusterName: "DefaultCluster",
    brokerName: "broker-a",
    brokerId: 0,
    listenPort: brokerPort,
    namesrvAddr,
    brokerIP1: "127.0.0.1",
    storePathRootDir: join(dir, "store"),
    mappedFileSizeCommitLog: 16 * 1024 * 1024,
    ...brokerProps,
  };
  writeFileSync(confPath, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
  const cluster: Cluster = {
    namesrvAddr,
    brokerAddr: `127.0.0.1:${brokerPort}`,
    brokerPort,
    dir,
    namesrv,
    broker: undefined as unknown as Proc,
    async startBroker(extra: string[] = []) {
      const broker = spawnMq("broker", ["broker", "-c", confPath, "--logsDir=", ...extra], { cwd: dir, binary });
      await broker.waitFor(/boot success/);
      cluster.broker = broker;
      return broker;
    },
    async stop() {
      await cluster.broker?.kill();
      await namesrv.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.startBroker();
  return cluster;
}

/** Runs `mq admin ...` against the cluster's NameServer; resolves with its output and exit code. */
export async function admin(
  namesrvAddr: string, args: string[], env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  const proc = spawnMq("admin", ["admin", ...args, "-n", namesrvAddr], { env });
  const code = await proc.exited;
  return { code, out: proc.output() };
}

export function writeFile(path: string, text: string): void {
  writeFileSync(path, text);
}

/** One cluster for a whole test file: started before its tests (handed to `use`), and after them
 *  every process killed and the cluster stopped. */
export function sharedCluster(use: (cluster: Cluster) => void, brokerProps: Record<string, string | number> = {}): void {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(brokerProps);
    use(cluster);
  });
  afterAll(async () => {
    await killAll();
    await cluster?.stop();
  });
}
