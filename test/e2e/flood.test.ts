// A client that writes 200,000 requests and reads no reply is slowed, not dropped: the broker
// stops reading its socket once its unread replies pass the high-water mark, stays under
// 150 MiB RSS, serves another client meanwhile, and answers all 200,000 once the client reads.
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { encodeFrame, request } from "../../src/remoting/index.ts";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { RawPeer } from "../remoting/raw-peer.ts";
import { killAll, startCluster, type Cluster } from "./harness.ts";

const MiB = 1024 * 1024;
const RSS_BYTES_MAX = 150 * MiB;
const FLOOD = 200_000;

let cluster: Cluster | undefined;
const peers: RawPeer[] = [];
let sampler: { stop(): number } | undefined;

afterEach(async () => {
  sampler?.stop();
  for (const p of peers.splice(0)) p.close();
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

/** VmRSS of pid; 0 once it has exited. */
function rssBytes(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return 0;
  }
  return Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** The broker's peak RSS, sampled every 20 ms until stop() returns it. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pid));
    },
  };
}

async function connect(port: number): Promise<RawPeer> {
  const p = await RawPeer.connect(port);
  peers.push(p);
  return p;
}

/** One GET_BROKER_RUNTIME_INFO round trip on its own connection; resolves with its milliseconds. */
async function roundTripMs(p: RawPeer): Promise<number> {
  const startedMs = performance.now();
  const before = p.frames.length;
  p.write(encodeFrame(request(RequestCode.GET_BROKER_RUNTIME_INFO)));
  const frames = await p.waitFrames(before + 1);
  expect(frames[before]!.code).toBe(ResponseCode.SUCCESS);
  return performance.now() - startedMs;
}

test("200,000 requests written without reading: the broker stops reading that client, stays under 150 MiB, serves another, and answers all once it reads", async () => {
  cluster = await startCluster();
  const pid = cluster.broker.child.pid;
  const rss = (sampler = sampleRss(pid));
  const flood = await connect(cluster.brokerPort);
  flood.socket.pause();
  const requests = Array.from({ length: FLOOD }, () => request(RequestCode.GET_BROKER_RUNTIME_INFO));
  flood.write(Buffer.concat(requests.map(encodeFrame)));

  // Another client is answered promptly, while the flooder's bytes stay unsent: the broker is
  // serving, just not reading that socket. (Until it has stopped reading, a round trip sees the
  // flooder's backlog shrink; once five in a row see it unchanged, it has.)
  const other = await connect(cluster.brokerPort);
  let unchanged = 0;
  let slowestMs = 0;
  for (let trips = 0; unchanged < 5; trips++) {
    expect(trips).toBeLessThan(500);
    const before = flood.socket.writableLength;
    const tripMs = await roundTripMs(other);
    slowestMs = Math.max(slowestMs, tripMs);
    expect(slowestMs).toBeLessThan(1000);
    unchanged = flood.socket.writableLength === before ? unchanged + 1 : 0;
  }
  expect(flood.socket.writableLength).toBeGreaterThan(0);
  expect(flood.frames.length).toBe(0);
  expect(flood.socket.destroyed).toBe(false);
  const pausedRss = rssBytes(pid);
  const resumedMs = performance.now();

  flood.socket.resume();
  const replies = await flood.waitFrames(FLOOD);
  const peakRss = rss.stop();
  if (process.env.MQ_E2E_VERBOSE) {
    const mib = (bytes: number): string => (bytes / MiB).toFixed(1);
    process.stderr.write(`broker RSS: ${mib(pausedRss)} MiB while not read, ${mib(peakRss)} MiB peak; ` +
      `other client's slowest round trip ${slowestMs.toFixed(1)} ms; ${FLOOD} replies read in ` +
      `${(performance.now() - resumedMs).toFixed(0)} ms\n`);
  }
  expect(replies.length).toBe(FLOOD);
  expect(replies.every((r) => r.code === ResponseCode.SUCCESS)).toBe(true);
  const answered = new Set(replies.map((r) => r.opaque));
  expect(answered.size).toBe(FLOOD);
  expect(requests.every((r) => answered.has(r.opaque))).toBe(true);
  expect(peakRss).toBeLessThan(RSS_BYTES_MAX);
  expect(flood.socket.destroyed).toBe(false);
}, 60_000);
