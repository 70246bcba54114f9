// The benchmark's Redis Streams side, the same workload as `mq bench` and the same measuring code
// (src/cli/bench): one stream, one connection.
//   produce: XADD <stream> * t <born µs> d <body>, `inflight` commands pipelined, optionally paced
//            at --rate; RT = command written to reply read.
//   consume: XREADGROUP GROUP <group> c1 COUNT 256 BLOCK 1000 STREAMS <stream> >, then XACK the ids
//            (pipelined behind the next read); B2C = now - t, S2C = now - the id's millisecond part.
// Usage: bun scripts/bench/redis-bench.ts produce|consume --port P [--count N] [--duration S]
//        [--size B] [--inflight N] [--rate R] [--from first|last] [--json]
import { parseArgs } from "node:util";
import { Histogram } from "../../src/cli/bench/histogram.ts";
import { consumeCompleteLine, epochUs, sendCompleteLine, summaryOf, round3 } from "../../src/cli/bench/report.ts";
import { RespClient, RespError, text, type RespValue } from "./resp.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" }, count: { type: "string", default: "0" }, duration: { type: "string", default: "60" },
    size: { type: "string", default: "1024" }, inflight: { type: "string", default: "1000" }, rate: { type: "string", default: "0" },
    from: { type: "string", default: "first" }, stream: { type: "string", default: "bench" }, group: { type: "string", default: "bench_group" },
    json: { type: "boolean", default: false },
  },
});
const STREAM = values.stream;
const GROUP = values.group;
const count = Number(values.count);
const durationMs = Number(values.duration) * 1000;
const out = (s: string) => process.stdout.write(s);

async function produce(client: RespClient): Promise<void> {
  const body = Buffer.alloc(Number(values.size), 0x61);
  const rate = Number(values.rate);
  const rt = new Histogram();
  const counts = { ok: 0, sendFailed: 0, responseFailed: 0 };
  const startMs = performance.now();
  let issued = 0;
  let lastMs = startMs;
  const sender = async () => {
    for (;;) {
      if (performance.now() - startMs >= durationMs || (count > 0 && issued >= count)) return;
      const i = issued++;
      if (rate > 0) {
        const waitMs = startMs + (i * 1000) / rate - performance.now();
        if (waitMs > 0) await Bun.sleep(waitMs);
      }
      const sentMs = performance.now();
      try {
        await client.send(["XADD", STREAM, "*", "t", String(epochUs()), "d", body]);
        counts.ok++;
      } catch (e) {
        if (e instanceof RespError) counts.responseFailed++;
        else counts.sendFailed++;
      }
      lastMs = performance.now();
      rt.recordMs(lastMs - sentMs);
    }
  };
  await Promise.all(Array.from({ length: Number(values.inflight) }, sender));
  const elapsedMs = lastMs - startMs;
  out(sendCompleteLine(elapsedMs, counts, rt, counts.ok * body.length));
  const summary = summaryOf("produce", counts.ok, counts.sendFailed + counts.responseFailed, elapsedMs, counts.ok * body.length, rt);
  if (values.json) out(`${JSON.stringify(summary)}\n`);
}

type Entry = [Buffer, Buffer[]];
function entriesOf(reply: RespValue): Entry[] {
  if (reply === null || !Array.isArray(reply)) return [];
  const stream = reply[0] as RespValue[] | undefined;
  return (stream?.[1] ?? []) as Entry[];
}

async function consume(client: RespClient): Promise<void> {
  try {
    await client.send(["XGROUP", "CREATE", STREAM, GROUP, values.from === "last" ? "$" : "0", "MKSTREAM"]);
  } catch (e) {
    if (!(e instanceof RespError && e.message.startsWith("BUSYGROUP"))) throw e;
  }
  out("Consumer Started.\n");
  const b2c = new Histogram();
  const s2c = new Histogram();
  const acks: Promise<RespValue>[] = [];
  let consumed = 0;
  let bytes = 0;
  let firstMs = 0;
  let lastMs = 0;
  const deadlineMs = performance.now() + durationMs;
  while ((count === 0 || consumed < count) && performance.now() < deadlineMs) {
    const reply = await client.send(["XREADGROUP", "GROUP", GROUP, "c1", "COUNT", "256", "BLOCK", "1000", "STREAMS", STREAM, ">"]);
    const entries = entriesOf(reply);
    if (entries.length === 0) continue;
    const nowUs = epochUs();
    const nowMs = nowUs / 1000;
    if (consumed === 0) firstMs = performance.now();
    for (const [id, fields] of entries) {
      b2c.recordUs(nowUs - Number(text(fields[1] ?? Buffer.alloc(0))));
      s2c.recordMs(nowMs - Number(text(id).split("-")[0]));
      bytes += fields[3]?.length ?? 0;
    }
    consumed += entries.length;
    lastMs = performance.now();
    acks.push(client.send(["XACK", STREAM, GROUP, ...entries.map(([id]) => id)]));
  }
  await Promise.all(acks);
  const elapsedMs = lastMs - firstMs;
  out(consumeCompleteLine(elapsedMs, { consumed, failed: 0 }, b2c, s2c, bytes));
  const summary = {
    ...summaryOf("consume", consumed, 0, elapsedMs, bytes, b2c),
    s2cP50Ms: round3(s2c.percentileMs(50)), s2cP99Ms: round3(s2c.percentileMs(99)), s2cP999Ms: round3(s2c.percentileMs(99.9)),
  };
  if (values.json) out(`${JSON.stringify(summary)}\n`);
}

const mode = positionals[0];
if ((mode !== "produce" && mode !== "consume") || values.port === undefined) {
  process.stderr.write("usage: bun scripts/bench/redis-bench.ts produce|consume --port P [--count N] [--duration S] ...\n");
  process.exit(2);
}
const client = await RespClient.connect("127.0.0.1", Number(values.port));
await (mode === "produce" ? produce(client) : consume(client));
client.close();
process.exit(0);
