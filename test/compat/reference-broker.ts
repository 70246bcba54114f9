// Apache RocketMQ's broker (scripts/rocketmq-reference.sh) for a test: with its own NameServer, or
// registering with the test's (RMQ_REF_EXTERNAL_NAMESRV), e.g. as the slave of an mq master.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, spawnProc } from "../e2e/harness.ts";

const SCRIPT = resolve(ROOT, "scripts", "rocketmq-reference.sh");
/** A cold start resolves the jars with Maven; a JVM boots in ~10 s on a loaded machine. */
const START_TIMEOUT_MS = 240_000;

export interface ReferenceBroker {
  version: string;
  dir: string;
  namesrvAddr: string;
  brokerAddr: string;
  /** <dir>/store: commitlog/, consumequeue/ as Apache RocketMQ lays them out. */
  store: string;
  /** Everything it logged so far (4.x and 5.x log to different files under <dir>/logs). */
  logs(): string;
  stop(): Promise<void>;
}

export async function startReferenceBroker(version: string, lines: string[], externalNamesrv?: string): Promise<ReferenceBroker> {
  const env: Record<string, string> = { RMQ_REF_VERSION: version };
  if (externalNamesrv !== undefined) env.RMQ_REF_EXTERNAL_NAMESRV = externalNamesrv;
  const start = spawnProc(`reference-${version}`, ["bash", SCRIPT, "start", ...lines], { env });
  const timer = setTimeout(() => void start.kill("SIGKILL"), START_TIMEOUT_MS);
  const code = await start.exited;
  clearTimeout(timer);
  const m = /dir=(\S+) namesrvAddr=(\S+) brokerAddr=(\S+)/.exec(start.output());
  if (code !== 0 || m === null) throw new Error(`${SCRIPT} start exited ${code}:\n${start.tail()}`);
  const [, dir, namesrvAddr, brokerAddr] = m as unknown as [string, string, string, string];
  return {
    version, dir, namesrvAddr, brokerAddr, store: join(dir, "store"),
    logs: () => filesUnder(join(dir, "logs")).map((f) => readFileSync(f, "utf8")).join("\n"),
    async stop() {
      await spawnProc("reference-stop", ["bash", SCRIPT, "stop", dir]).exited;
    },
  };
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith(".log") ? [path] : [];
  });
}
