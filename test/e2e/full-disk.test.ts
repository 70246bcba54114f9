// A full disk, for real: the broker's store on a 24 MiB tmpfs (mounted in a mount namespace of
// the broker's own, so nothing outside it sees the mount), filled by a producer. Sends are refused
// with the reason, nothing acknowledged is lost or corrupt, and once space is freed (a ballast file
// removed) sends are accepted again with no restart. With diskSpaceWarningLevelRatio=99 the disk
// fills between two measures, so the refusal comes from a write that found no space: it must be
// cut and refused, not made sticky.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { Producer } from "../../src/client/index.ts";
import { admin, freePort, killAll, MQ, spawnMq, spawnProc, tempDir, writeFile } from "./harness.ts";

const canMount = Bun.spawnSync(["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"]).exitCode === 0;
if (!canMount) {
  const say = "full-disk test skipped: it needs mount namespaces and tmpfs (run as root)";
  if (process.env.CI === "true") throw new Error(say);
  process.stderr.write(`\n*** ${say} ***\n\n`);
}

afterAll(killAll);

test.skipIf(!canMount)("a full disk refuses sends with the reason, loses nothing acknowledged, and takes sends again once space returns", async () => {
  const dir = tempDir("mq-full-disk-");
  const mount = join(dir, "disk");
  const namesrvPort = await freePort();
  const brokerPort = await freePort();
  const namesrvAddr = `127.0.0.1:${namesrvPort}`;
  const namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${namesrvPort}`, "--logsDir="], { cwd: dir });
  await namesrv.waitFor(/boot success/);
  const conf = join(dir, "broker.properties");
  writeFile(conf, [
    "brokerName=broker-a", `listenPort=${brokerPort}`, `namesrvAddr=${namesrvAddr}`, "brokerIP1=127.0.0.1", `storePathRootDir=${join(mount, "store")}`,
    "mappedFileSizeCommitLog=4194304", "diskSpaceWarningLevelRatio=99", "messageIndexEnable=false", "logsDir=",
  ].join("\n"));
  const script = `mkdir -p ${mount} && mount -t tmpfs -o size=24m tmpfs ${mount} && head -c 6291456 /dev/zero > ${mount}/ballast && exec ${MQ} broker -c ${conf}`;
  const broker = spawnProc("broker", ["unshare", "-m", "--propagation", "private", "sh", "-c", script], { cwd: dir });
  await broker.waitFor(/boot success/);
  expect((await admin(namesrvAddr, ["updateTopic", "-t", "Fill", "-c", "DefaultCluster"])).code).toBe(0);

  const producer = new Producer({ namesrvAddr, producerGroup: "fill", retryTimesWhenSendFailed: 0 });
  await producer.start();
  const body = "x".repeat(1024);
  let acknowledged = 0;
  let refusal = "";
  try {
    while (refusal === "" && acknowledged < 40_000) {
      const round = await Promise.allSettled(Array.from({ length: 32 }, () => producer.send({ topic: "Fill", body })));
      for (const r of round) {
        if (r.status === "fulfilled" && r.value.sendStatus === "SEND_OK") acknowledged++;
        else if (r.status === "rejected") refusal = (r.reason as Error).message;
      }
    }
    expect(refusal).toContain("disk full");
    expect(acknowledged).toBeGreaterThan(5000);
    expect(broker.output()).not.toContain("the store stops accepting puts");

    // Free 6 MiB: sends are taken again within moments, by the same broker process.
    const freed = Bun.spawnSync(["nsenter", "-t", String(broker.child.pid), "-m", "rm", join(mount, "ballast")]);
    expect(freed.exitCode).toBe(0);
    const deadline = Date.now() + 10_000;
    let again = false;
    while (!again && Date.now() < deadline) {
      again = await producer.send({ topic: "Fill", body }).then((r) => r.sendStatus === "SEND_OK", () => false);
      if (again) acknowledged++;
      else await Bun.sleep(100);
    }
    expect(again).toBe(true);

    // Every acknowledged message is there: the queues' max offsets add up to it.
    const status = await admin(namesrvAddr, ["topicStatus", "-t", "Fill"]);
    const stored = status.out.split("\n").filter((l) => l.startsWith("broker-a")).reduce((sum, l) => sum + Number(l.split(/\s+/)[3]), 0);
    expect(stored).toBe(acknowledged);
  } finally {
    await producer.shutdown();
    await broker.kill("SIGKILL");
    await namesrv.kill();
  }
}, 120_000);
