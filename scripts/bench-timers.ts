// Timer messages at scale: spawns ./mq broker (build it first: npm run build) in a temporary
// directory, sends N timer messages (TIMER_DELAY_MS = delayMs each, so all are pending when the
// sends end), reads the broker's VmRSS with all of them pending, then waits until every one has
// fired and reports how late each was stored in its real topic (store time − TIMER_OUT_MS).
// Usage: node_modules/.bin/bun scripts/bench-timers.ts [count=1000000] [delayMs=90000]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeSendHeaderV2 } from "../src/broker/index.ts";
import { decodeRecords, formatProperties, propertyOf, RequestCode, ResponseCode, silentLogger } from "../src/common/index.ts";
import { RemotingClient, request } from "../src/remoting/index.ts";

const MQ = resolve(import.meta.dir, "..", "mq");
const COUNT = Number(process.argv[2] ?? 1_000_000);
const DELAY_MS = Number(process.argv[3] ?? 90_000);
const IN_FLIGHT = 256;
const QUEUES = 8;
const TOPIC = "TimerBench";

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

async function sendAll(client: RemotingClient, addr: string): Promise<void> {
  const body = new TextEncoder().encode("x".repeat(100));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < COUNT; i = next++) {
      const ext = encodeSendHeaderV2({
        producerGroup: "PG_TIMER_BENCH", topic: TOPIC, defaultTopic: "TBW102", defaultTopicQueueNums: QUEUES, queueId: i % QUEUES,
        sysFlag: 0, bornTimestamp: Date.now(), flag: 0, properties: formatProperties({ TIMER_DELAY_MS: String(DELAY_MS), KEYS: `k${i}` }),
        reconsumeTimes: 0, unitMode: false, batch: false, maxReconsumeTimes: undefined,
      });
      const res = await client.invoke(addr, request(RequestCode.SEND_MESSAGE_V2, ext, body), 30_000);
      if (res.code !== ResponseCode.SUCCESS) throw new Error(`send ${i}: ${res.code} ${res.remark}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Pulls every queue of the topic from 0 until `count` messages were read; returns their lateness. */
async function latenessOfAll(client: RemotingClient, addr: string, deadlineMs: number): Promise<number[]> {
  const late: number[] = [];
  await Promise.all(Array.from({ length: QUEUES }, async (_, queueId) => {
    let offset = 0;
    while (late.length < COUNT && Date.now() < deadlineMs) {
      const res = await client.invoke(addr, request(RequestCode.PULL_MESSAGE, {
        consumerGroup: "GID_TIMER_BENCH", topic: TOPIC, queueId, queueOffset: offset, maxMsgNums: 32, sysFlag: 6, commitOffset: 0,
        suspendTimeoutMillis: 1000, subscription: "*", subVersion: 0, expressionType: "TAG",
      }), 30_000).catch((e: unknown) => (console.log(`pull queue ${queueId}: ${String(e)}; again`), undefined));
      if (res === undefined) continue;
      if (res.code === ResponseCode.SUCCESS) {
        for (const r of decodeRecords(res.body ?? new Uint8Array())) late.push(r.storeTimestamp - Number(propertyOf(r.properties, "TIMER_OUT_MS")));
      }
      offset = Number(res.extFields.nextBeginOffset ?? offset);
    }
  }));
  return late;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

const dir = mkdtempSync(join(tmpdir(), "mq-timer-bench-"));
const port = freePort();
const addr = `127.0.0.1:${port}`;
const broker = Bun.spawn([MQ, "broker", `--listenPort=${port}`, `--storePathRootDir=${dir}/store`, "--brokerIP1=127.0.0.1", "--logsDir="], {
  cwd: dir, stdout: "pipe", stderr: "inherit",
});
try {
  await new Promise<void>((booted) => {
    const decoder = new TextDecoder();
    let text = "";
    // Keep reading to the end: a closed pipe would make the broker's next log line fail.
    void (async () => {
      for await (const chunk of broker.stdout) {
        if (text.length < 100_000) text += decoder.decode(chunk, { stream: true });
        if (text.includes("boot success")) booted();
      }
    })();
  });
  const idleMiB = rssMiB(broker.pid);
  const client = new RemotingClient({ log: silentLogger });
  const started = Date.now();
  await sendAll(client, addr);
  const sentMs = Date.now() - started;
  await Bun.sleep(2000); // let the timer index catch up with the last sends
  const pendingMiB = rssMiB(broker.pid);
  console.log(`sent ${COUNT} timer messages (TIMER_DELAY_MS=${DELAY_MS}) in ${(sentMs / 1000).toFixed(1)} s (${Math.round(COUNT / (sentMs / 1000))} msg/s)`);
  console.log(`broker RSS: idle ${idleMiB.toFixed(0)} MiB, with ${COUNT} pending ${pendingMiB.toFixed(0)} MiB`);
  const late = (await latenessOfAll(client, addr, started + sentMs + DELAY_MS + 300_000)).sort((a, b) => a - b);
  console.log(`fired ${late.length}: lateness p50 ${pct(late, 50)} ms, p99 ${pct(late, 99)} ms, max ${late.at(-1)} ms, early ${late.filter((x) => x < 0).length}`);
  client.close();
} finally {
  broker.kill("SIGTERM");
  await broker.exited;
  rmSync(dir, { recursive: true, force: true });
}
