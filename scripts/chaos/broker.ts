// The broker under test: started, SIGKILLed and restarted, SIGSTOPped and resumed. Each
// incarnation's output goes to broker-<n>.log in the run's directory. An exit nobody asked for
// (a crash) is recorded with the last lines of its log, and the broker is started again.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn, type Child } from "../bench/procs.ts";

const BOOT_MS_MAX = 60_000;

export interface Crash {
  atMs: number;
  incarnation: number;
  code: number;
  tail: string[];
}

export class Broker {
  private child: Child | undefined;
  private incarnation = 0;
  private expectingExit = false;
  readonly crashes: Crash[] = [];

  constructor(private readonly mq: string, private readonly conf: string, private readonly dir: string) {}

  get pid(): number {
    if (!this.child) throw new Error("the broker is not running");
    return this.child.pid;
  }

  /** Starts an incarnation and resolves once it logged boot success. */
  async start(): Promise<void> {
    const n = ++this.incarnation;
    const child = spawn(`broker-${n}`, [this.mq, "broker", "-c", this.conf, "--logsDir="], { cwd: this.dir });
    this.child = child;
    this.expectingExit = false;
    void child.exited.then((code) => {
      writeFileSync(join(this.dir, `broker-${n}.log`), child.lines.join("\n") + "\n");
      if (this.child !== child || this.expectingExit) return;
      this.crashes.push({ atMs: Date.now(), incarnation: n, code, tail: child.lines.slice(-15) });
      process.stdout.write(`  broker-${n} exited by itself (code ${code}); starting it again\n`);
      void this.start().catch((e: unknown) => process.stdout.write(`  broker restart failed: ${String(e)}\n`));
    });
    await child.waitFor(/boot success/, BOOT_MS_MAX);
  }

  /** SIGKILL, as a crash: no shutdown hook runs. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.expectingExit = true;
    const child = this.child;
    process.kill(child.pid, "SIGCONT");
    await child.stop("SIGKILL");
  }

  /** A graceful stop (SIGTERM), for the end of the run. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.expectingExit = true;
    await this.child.stop("SIGTERM");
    this.child = undefined;
  }

  pause(): void {
    process.kill(this.pid, "SIGSTOP");
  }

  resume(): void {
    process.kill(this.pid, "SIGCONT");
  }
}
