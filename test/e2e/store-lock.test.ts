// A second broker started on a running broker's store directory is refused before it touches a
// file (RocketMQ: "Lock failed, MQ already started"); once the first dies, the store opens again.
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, killAll, spawnMq, startCluster, type Cluster } from "./harness.ts";

let cluster: Cluster | undefined;

afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

test("a second broker on a store in use exits 1 naming the holder, and the first one's files are untouched", async () => {
  cluster = await startCluster();
  const store = join(cluster.dir, "store");
  const abort = readFileSync(join(store, "abort"), "utf8");
  const second = spawnMq("second", ["broker", `--listenPort=${await freePort()}`, `--storePathRootDir=${store}`,
    `--namesrvAddr=${cluster.namesrvAddr}`, "--brokerName=broker-b", "--brokerIP1=127.0.0.1", "--logsDir="], { cwd: cluster.dir });
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain(`store ${store} is in use by pid ${cluster.broker.child.pid} (mq broker broker-a)`);
  expect(readFileSync(join(store, "abort"), "utf8")).toBe(abort);

  await cluster.broker.kill("SIGKILL");
  const again = await cluster.startBroker();
  await again.waitFor(/store recovered cleanExit=false/);
}, 60_000);
