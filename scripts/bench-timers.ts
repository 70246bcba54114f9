// Timer messages at scale: spawns ./mq broker (build it first: npm run build) in a temporary
// directory, then
//   1. sends `count` timer messages to TimerBench (TIMER_DELAY_MS = delayMs each, so all are
//      pending when the sends end) and reads the broker's VmRSS with all of them pending;
//   2. with those still pending, sends `burst` more to TimerBurst, all due within one second
//      (TIMER_DELIVER_MS = one instant + i % 1000 ms, the instant chosen past the end of the
//      sends at phase 1's rate), and reports how late each was stored in its real topic (store
//      time − TIMER_OUT_MS): p50, p99, max, and how many early (never, by design);
//   3. with delayMs short enough to wait for (fireAll=true), the lateness of phase 1's too.
// Usage: node_modules/.bin/bun scripts/bench-timers.ts [count=1000000] [delayMs=600000] [burst=100000] [fireAll=false]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeSendHeaderV2 } from "../src/broker/index.ts";
import { decodeRecords, formatProperties, propertyOf, RequestCode, ResponseCode, silentLogger } from "../src/common/index.ts";
import { RemotingClient, request } from "../src/remoting/index.ts";

const MQ = resolve(import.meta.dir, "..", "mq");
const COUNT = Number(process.argv[2] ?? 1_000_000);
const DELAY_MS = Number(process.argv[3] ?? 600_000);
const BURST = Number(process.argv[4] ?? 100_000);
const FIRE_ALL = process.argv[5] === "true";
/** Time between the end of the burst's sends (at phase 1's rate, halved for safety) and its due second. */
const BURST_MARGIN_MS = 3000;
const IN_FLIGHT = 256;
const QUEUES = 8;
const TOPIC = "TimerBench";
const BURST_TOPIC = "TimerBurst";

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;

/** Sends `count` timer messages to topic; timer(i) is message i's timer property. */
async function sendAll(client: RemotingClient, addr: string, topic: string, count: number, timer: (i: number) => Record<string, string>): Promise<void> {
  const body = new TextEncoder().encode("x".repeat(100));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const ext = encodeSendHeaderV2({
        producerGroup: "PG_TIMER_BENCH", topic, defaultTopic: "TBW102", defaultTopicQueueNums: QUEUES, queueId: i % QUEUES,
        sysFlag: 0, bornTimestamp: Date.now(), flag: 0, properties: formatProperties({ ...timer(i), KEYS: `k${i}` }),
        reconsumeTimes: 0, unitMode: false, batch: false, maxReconsumeTimes: undefined,
      });
      const res = await client.invoke(addr, request(RequestCode.SEND_MESSAGE_V2, ext, body), 30_000);
      if (res.code !== ResponseCode.SUCCESS) throw new Error(`send ${i}: ${res.code} ${res.remark}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Pulls every queue of the topic from 0 until `count` messages were read; returns their lateness. */
async function latenessOfAll(client: RemotingClient, addr: string, topic: string, count: number, deadlineMs: number): Promise<number[]> {
  const late: number[] = [];
  await Promise.all(Array.from({ length: QUEUES }, async (_, queueId) => {
    let offset = 0;
    while (late.length < count && Date.now() < deadlineMs) {
      const res = await client.invoke(addr, request(RequestCode.PULL_MESSAGE, {
        consumerGroup: "GID_TIMER_BENCH", topic, queueId, queueOffset: offset, maxMsgNums: 32, sysFlag: 6, commitOffset: 0,
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
const lateness = (late: number[]): string => {
  const sorted = [...late].sort((a, b) => a - b);
  return `lateness p50 ${pct(sorted, 50)} ms, p99 ${pct(sorted, 99)} ms, max ${sorted.at(-1)} ms, early ${sorted.filter((x) => x < 0).length}`;
};

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
  await sendAll(client, addr, TOPIC, COUNT, () => ({ TIMER_DELAY_MS: String(DELAY_MS) }));
  const sentMs = Date.now() - started;
  await Bun.sleep(2000); // let the timer index catch up with the last sends
  const pendingMiB = rssMiB(broker.pid);
  const ratePerS = COUNT / (sentMs / 1000);
  console.log(`sent ${COUNT} timer messages (TIMER_DELAY_MS=${DELAY_MS}) in ${(sentMs / 1000).toFixed(1)} s (${Math.round(ratePerS)} msg/s)`);
  console.log(`broker RSS: idle ${idleMiB.toFixed(0)} MiB, with ${COUNT} pending ${pendingMiB.toFixed(0)} MiB`);
  if (BURST > 0) {
    const dueMs = Date.now() + Math.ceil((BURST / ratePerS) * 2000) + BURST_MARGIN_MS;
    await sendAll(client, addr, BURST_TOPIC, BURST, (i) => ({ TIMER_DELIVER_MS: String(dueMs + (i % 1000)) }));
    const leftMs = dueMs - Date.now();
    if (leftMs < 0) throw new Error(`the burst's sends ended ${-leftMs} ms after its due time: run again (the machine is slower than phase 1 said)`);
    const burstMiB = rssMiB(broker.pid);
    const late = await latenessOfAll(client, addr, BURST_TOPIC, BURST, dueMs + 300_000);
    console.log(`burst: ${BURST} due within one second (${leftMs} ms after the last send), ${COUNT} more pending; broker RSS ${burstMiB.toFixed(0)} MiB before they fired`);
    console.log(`burst fired ${late.length}: ${lateness(late)}`);
  }
  if (FIRE_ALL) {
    const late = await latenessOfAll(client, addr, TOPIC, COUNT, started + sentMs + DELAY_MS + 300_000);
    console.log(`fired ${late.length}: ${lateness(late)}`);
  }
  client.close();
} finally {
  broker.kill("SIGTERM");
  await broker.exited;
  rmSync(dir, { recursive: true, force: true });
}
