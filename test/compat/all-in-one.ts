// `./mq all-in-one` on free ports in its own temp directory, for the real-client scenarios, and
// the topics they need (created with `mq admin updateTopic` before any client starts).
import { rmSync } from "node:fs";
import { admin, freePort, spawnMq, tempDir, type Proc } from "../e2e/harness.ts";

export interface AllInOne {
  namesrvAddr: string;
  brokerAddr: string;
  dir: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** Starts all-in-one; brokerProps become --key=value flags (any configuration key). */
export async function startAllInOne(brokerProps: Record<string, string | number | boolean> = {}): Promise<AllInOne> {
  const dir = tempDir("mq-compat-");
  const namesrvPort = await freePort();
  const brokerPort = await freePort();
  const proc = spawnMq("all-in-one", [
    "all-in-one", "--namesrv-port", String(namesrvPort), `--listenPort=${brokerPort}`, "--consoleEnable=false",
    ...Object.entries(brokerProps).map(([key, value]) => `--${key}=${value}`),
  ], { cwd: dir });
  await proc.waitFor(/The broker\[.*boot success/, 30_000);
  return {
    namesrvAddr: `127.0.0.1:${namesrvPort}`,
    brokerAddr: `127.0.0.1:${brokerPort}`,
    dir,
    proc,
    async stop() {
      await proc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates each topic with `queues` read and write queues on DefaultCluster. */
export async function createTopics(
  namesrvAddr: string, topics: string[], queues = 4, env: Record<string, string> = {},
): Promise<void> {
  for (const topic of topics) {
    const r = await admin(namesrvAddr, ["updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", `${queues}`, "-w", `${queues}`], env);
    if (r.code !== 0) throw new Error(`updateTopic ${topic} exited ${r.code}:\n${r.out}`);
  }
}
