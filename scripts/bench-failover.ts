// Failover time in controller mode (issue 18): a NameServer, a standalone controller and three
// brokers of broker-a (./mq, build it first; test/e2e/controller-group.ts starts them, with its
// shortened heartbeat periods), allAckInSyncStateSet, steady load from one client. Each trial
// SIGKILLs the master and measures the time until a send is acknowledged by another broker, then
// restarts the killed broker (it returns as a slave) and waits for the SyncStateSet to be whole
// again. Prints each trial, then p50 and max.
//   --client=mq    mq's producer (it looks the route up again after a failed send)
//   --client=ons   ali-ons 3.x in Node, its defaults: it finds the new master at its route poll (30 s)
//   --client=java  rocketmq-client 4.9.8 and 5.5.0 in turn (test/compat/java, send-steady), their
//                  defaults: also the 30 s route poll; timed from the first failed send, one JVM a trial
// Usage: node_modules/.bin/bun scripts/bench-failover.ts [trials=10] [--client=mq|ons|java]
import { killAll } from "../test/e2e/harness.ts";
import { startThreeReplicas, steadyLoad, type ControllerGroup, type GroupBroker } from "../test/e2e/controller-group.ts";
import { onsProducer } from "../test/e2e/ons.ts";
import { tallyOns } from "../test/e2e/ons-failover.ts";
import { buildJava, runJava, type JavaModule } from "../test/compat/java-build.ts";

const args = process.argv.slice(2);
const TRIALS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const CLIENT = args.find((a) => a.startsWith("--client="))?.slice("--client=".length) ?? "mq";
const TOPIC = "BenchFailover";
const TRIAL_LIMIT_MS = 60_000;

/** One client under load: kill() runs one trial (the kill included) and resolves with the ms to
 *  the first send another broker acknowledged. */
interface Client {
  trial(master: GroupBroker, kill: () => Promise<void>, n: number): Promise<number>;
  stop(): Promise<string>;
}

async function mqClient(group: ControllerGroup): Promise<Client> {
  const load = await steadyLoad(group, TOPIC, 4, "bench");
  return {
    async trial(master, kill) {
      const before = load.acked.size;
      while (load.acked.size < before + 100) await Bun.sleep(10);
      const killedAtMs = Date.now();
      await kill();
      for (;;) {
        let firstMs: number | undefined;
        for (const a of load.acked.values()) if (a.addr !== master.addr && a.atMs > killedAtMs) firstMs = Math.min(firstMs ?? Infinity, a.atMs - killedAtMs);
        if (firstMs !== undefined) return firstMs;
        if (Date.now() - killedAtMs > TRIAL_LIMIT_MS) throw new Error("no send acknowledged by another broker in time");
        await Bun.sleep(5);
      }
    },
    async stop() {
      await load.stop();
      return `${load.acked.size} sends acknowledged in all`;
    },
  };
}

function onsClient(group: ControllerGroup): Client {
  const producer = onsProducer({ nameSrv: group.namesrvAddr, topic: TOPIC, count: 1e9, concurrency: 2, failPauseMs: 20 });
  const tally = tallyOns(producer);
  return {
    async trial(master, kill) {
      const before = tally.acked.length;
      await producer.until(() => tally.read().acked.length >= before + 100, "100 sends acknowledged", 30_000);
      tally.killed(master.port);
      await kill();
      await producer.until(tally.elsewhere(1), "a send acknowledged by the new master", TRIAL_LIMIT_MS);
      return tally.firstElsewhereMs ?? -1;
    },
    async stop() {
      await producer.kill("SIGKILL");
      return `${tally.acked.length} sends acknowledged in all, ${tally.failed} failed`;
    },
  };
}

async function javaClient(group: ControllerGroup): Promise<Client> {
  const classpaths = await buildJava();
  const modules: JavaModule[] = ["v4", "v5"];
  return {
    async trial(_master, kill, n) {
      const m = modules[n % modules.length] as JavaModule;
      const run = runJava(classpaths[m], {
        name: `java-${m}-${n}`, namesrvAddr: group.namesrvAddr, prefix: "BFJ", dir: group.dir, scenarios: ["send-steady"],
        systemProps: { "mqcompat.bodyPrefix": `java-${m}-${n}` },
      });
      await run.proc.waitFor(/mqcompat: steady: 100 acknowledged/, 60_000);
      await kill();
      const r = await run.result("send-steady", TRIAL_LIMIT_MS);
      process.stdout.write(`  (rocketmq-client ${m}: ${String(r.failures)} sends failed)\n`);
      return Number(r.recoveredAfterMs);
    },
    stop: async () => "one JVM a trial",
  };
}

const group = await startThreeReplicas(CLIENT === "java" ? "BFJ_send-steady" : TOPIC, () => {});
const times: number[] = [];
try {
  const client = CLIENT === "ons" ? onsClient(group) : CLIENT === "java" ? await javaClient(group) : await mqClient(group);
  for (let trial = 1; trial <= TRIALS; trial++) {
    const master = await group.awaitMaster();
    const ms = await client.trial(master, async () => void (await master.proc?.kill("SIGKILL")), trial);
    times.push(ms);
    process.stdout.write(`trial ${trial}: master ${master.addr} killed; a send acknowledged by the new master after ${ms} ms\n`);
    await group.start(master.index);
    await group.awaitSyncStateSet(3, 30_000);
  }
  const summary = await client.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  process.stdout.write(`failover (${CLIENT}) over ${TRIALS} trials: p50 ${p50} ms, max ${sorted.at(-1) ?? 0} ms (${summary})\n`);
} finally {
  await killAll();
  await group.stop();
}
