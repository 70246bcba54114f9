// The real mqadmin 5.5.0's cleanBrokerMetadata against mq's controller (CLEAN_BROKER_DATA, 1011):
// it forgets a dead broker id of a group and says so in mqadmin's words; a living one it refuses
// (CONTROLLER_INVALID_CLEAN_BROKER_METADATA, 2009) unless -l, as Apache RocketMQ's controller.
import { afterEach, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { killAll } from "../e2e/harness.ts";
import { startThreeReplicas, type ControllerGroup } from "../e2e/controller-group.ts";
import { buildJava, runJavaMain } from "./java-build.ts";
import { toolchain } from "./toolchain.ts";

const jdk = toolchain("JDK", ["java", "mvn"]);

let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  group = undefined;
}, 30_000);

test.skipIf(!jdk.ready)("the real mqadmin's cleanBrokerMetadata forgets a dead broker id on mq's controller and refuses a living one", async () => {
  const classpaths = await buildJava();
  const g = await startThreeReplicas("CleanMetaTopic", (started) => (group = started));
  await g.brokers[2]?.proc?.kill("SIGKILL"); // brokerId 3, a slave
  const ctl = g.controllerAddr;
  const alive = async (id: number) => (await g.replicaInfo()).syncStateSet.includes(id);
  while (await alive(3)) await Bun.sleep(100); // the master drops it from the SyncStateSet once the controller sees it dead
  const steps = join(g.dir, "clean-steps.tsv");
  writeFileSync(steps, [
    ["living", "cleanBrokerMetadata", "-a", ctl, "-bn", "broker-a", "-b", "2", "-c", "DefaultCluster"],
    ["dead", "cleanBrokerMetadata", "-a", ctl, "-bn", "broker-a", "-b", "3", "-c", "DefaultCluster"],
    ["after", "getSyncStateSet", "-a", ctl, "-b", "broker-a"],
  ].map((l) => l.join("\t")).join("\n") + "\n");
  const run = runJavaMain(classpaths["v5-admin"], { name: "mqadmin-clean", dir: g.dir, main: "mqadmin.Runner", args: [g.namesrvAddr, steps] });
  const living = await run.result("living", 120_000);
  expect(String(living.out)).toContain("CODE: 2009");
  expect(String(living.out)).toContain("Broker [broker-a,  2] is still alive, clean up failure");
  const dead = await run.result("dead", 60_000);
  expect(dead.exit, String(dead.out)).toBe(0);
  expect(String(dead.out)).toBe("clear broker broker-a metadata from controller success! \n");
  const after = String((await run.result("after", 60_000)).out);
  expect(after).toContain("brokerId=2,");
  expect(after).not.toContain("brokerId=3,");
}, 240_000);
