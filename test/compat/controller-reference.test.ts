// Apache RocketMQ 5.5.0 brokers in controller mode (scripts/rocketmq-reference.sh) against mq's
// NameServer and mq's controller (`mq controller`): the two brokers take their ids from it, one is
// elected master, the other joins its SyncStateSet; SIGKILL of the master makes the other master
// (the route names it brokerId 0 within seconds), and the killed one returns as its slave in sync.
import { afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { admin, freePort, killAll, ROOT, spawnMq, spawnProc, tempDir } from "../e2e/harness.ts";
import { startReferenceBroker, type ReferenceBroker } from "./reference-broker.ts";
import { toolchain } from "./toolchain.ts";

const tools = toolchain("Java (Apache RocketMQ reference broker)", ["java", "mvn", "bash"]);
const TOPIC = "RefControllerTopic";

const refs: ReferenceBroker[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const r of refs.splice(0)) await r.stop();
  await killAll();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}, 60_000);

/** getSyncStateSet's output once ok() holds it (timeoutMs at most). */
async function syncStateSet(controllerAddr: string, namesrvAddr: string, ok: (out: string) => boolean, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await admin(namesrvAddr, ["getSyncStateSet", "-a", controllerAddr, "-b", "broker-a"]);
    if (ok(r.out)) return r.out;
    if (Date.now() > deadline) throw new Error(`getSyncStateSet never as wanted:\n${r.out}`);
    await Bun.sleep(500);
  }
}

async function produced(namesrvAddr: string, count: number): Promise<number> {
  const p = spawnMq("produce", ["produce", "-n", namesrvAddr, "-t", TOPIC, "-c", String(count)]);
  await p.exited;
  return p.lines.filter((l) => l.includes("sendStatus=SEND_OK")).length;
}

test.skipIf(!tools.ready)("two Apache RocketMQ 5.5.0 brokers in controller mode elect, fail over and come back through mq's controller", async () => {
  dir = tempDir("mq-ref-controller-");
  const [namesrvPort, controllerPort] = [await freePort(), await freePort()];
  const namesrvAddr = `127.0.0.1:${namesrvPort}`;
  const controllerAddr = `127.0.0.1:${controllerPort}`;
  const namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${namesrvPort}`, "--logsDir="], { cwd: dir });
  const controller = spawnMq("controller", ["controller", `--listenPort=${controllerPort}`, `--controllerStorePath=${join(dir, "controller")}`, "--logsDir="], { cwd: dir });
  await namesrv.waitFor(/Name Server boot success/);
  await controller.waitFor(/ControllerManager boot success/);
  const lines = ["enableControllerMode=true", `controllerAddr=${controllerAddr}`, "allAckInSyncStateSet=true"];
  for (let i = 0; i < 2; i++) refs.push(await startReferenceBroker("5.5.0", lines, namesrvAddr));
  const before = await syncStateSet(controllerAddr, namesrvAddr, (out) => out.includes("#SyncStateSetNums\t2"));
  const masterAddr = /#MasterAddr\t(\S+)/.exec(before)?.[1];
  const master = refs.find((r) => r.brokerAddr === masterAddr);
  const other = refs.find((r) => r !== master);
  if (master === undefined || other === undefined) throw new Error(`the master ${masterAddr} is neither Apache broker:\n${before}`);
  expect((await admin(namesrvAddr, ["updateTopic", "-t", TOPIC, "-c", "DefaultCluster", "-r", "4", "-w", "4"])).code).toBe(0);
  expect(await produced(namesrvAddr, 20)).toBe(20);

  await spawnProc("kill", ["bash", "-c", `kill -9 "$(cat ${master.dir}/broker.pid)"`]).exited;
  const after = await syncStateSet(controllerAddr, namesrvAddr, (out) => out.includes(`#MasterAddr\t${other.brokerAddr}`), 15_000);
  expect(after).toContain("#MasterEpoch\t2");
  const route = await admin(namesrvAddr, ["topicRoute", "-t", TOPIC]);
  expect(route.out).toContain(`"0": "${other.brokerAddr}"`);
  expect(await produced(namesrvAddr, 20)).toBe(20);

  const restart = spawnProc("restart", ["bash", join(ROOT, "scripts", "rocketmq-reference.sh"), "restart-broker", master.dir, "KILL"]);
  expect(await restart.exited, restart.tail()).toBe(0);
  await syncStateSet(controllerAddr, namesrvAddr, (out) => out.includes("#SyncStateSetNums\t2") && out.includes(`#MasterAddr\t${other.brokerAddr}`));
  const consumer = spawnMq("consume", ["consume", "-n", namesrvAddr, "-t", TOPIC, "-g", "GID_REF_CONTROLLER", "-c", "40"]);
  await consumer.until(() => consumer.lines.filter((l) => l.startsWith("Receive New Messages")).length >= 40, "40 messages consumed", 60_000);
}, 400_000);
