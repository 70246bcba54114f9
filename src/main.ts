// mq: a RocketMQ-compatible message broker in one binary. The whole story of a run:
//   1. parse the command line and load the configuration (defaults < -c file < env < --key=value);
//      tools (config check, admin …) run and exit here;
//   2. a role command (namesrv, broker, all-in-one) constructs its services from the frozen config;
//   3. start them in order; if one fails, stop those already started, in reverse, say why on
//      stderr and exit 1;
//   4. wait for SIGINT or SIGTERM;
//   5. stop them in reverse order, close the log, exit 0.
import { idleBackgroundThreads, runCli, type Service } from "./cli/index.ts";
import type { Logger } from "./common/index.ts";

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

// The runtime's compiler and allocator threads yield to any event loop on the machine.
idleBackgroundThreads();

// When the reader of our output goes away (`mq produce | head -3`), end quietly: not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of STOP_SIGNALS) process.once(signal, () => resolve(signal));
  });
}

async function stopAll(started: readonly Service[], log: Logger): Promise<boolean> {
  let clean = true;
  for (const service of [...started].reverse()) {
    try {
      await service.stop();
      log.info(`${service.name} stopped`);
    } catch (e) {
      clean = false;
      log.error(`${service.name} failed to stop`, { error: (e as Error).message });
    }
  }
  return clean;
}

async function startAll(services: readonly Service[], log: Logger): Promise<Service[] | Error> {
  const started: Service[] = [];
  for (const service of services) {
    try {
      await service.start();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error(`${service.name} failed to start`, { error: message });
      await stopAll(started, log);
      process.stderr.write(`mq ${service.name}: ${message}\n`);
      return e as Error;
    }
    started.push(service);
    log.info(`${service.name} started`);
  }
  return started;
}

async function main(): Promise<number> {
  const outcome = await runCli(process.argv.slice(2), {
    io: { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
    env: process.env,
    stdout: (line) => process.stdout.write(line),
  });
  if (outcome.kind === "exit") return outcome.code;

  const { services, log } = outcome;
  const signal = waitForSignal(); // listen from here on: a signal during start-up stops what started
  const started = await startAll(services, log);
  if (started instanceof Error) {
    log.close();
    return 1;
  }
  log.info(`${await signal} received, stopping`);
  const clean = await stopAll(started, log);
  log.close();
  return clean ? 0 : 1;
}

process.exit(await main());
