// The broker's send path in one process, without a client or a kernel: `bun scripts/bench-send-path.ts`.
// A started Broker (ASYNC_FLUSH, in a temporary directory) is fed SEND_MESSAGE_V2 frames of 1 KiB
// through a connection whose socket takes every reply at once, FRAMES_PER_READ frames a read as a
// client with many sends in flight delivers them, in the two forms clients send: the ROCKETMQ binary
// header mq's client writes, the JSON header ali-ons writes (extFields as JSON numbers and
// booleans), and the JSON header RocketMQ's Java client writes (every value a string). Prints the process's CPU time per message for each: the broker's cost per message by
// header form alone, with the same batching, however loaded the machine (issue 19's ali-ons target).
import { RequestCode, silentLogger } from "../src/common/index.ts";
import { encodeFrame, FrameDecoder, request, SerializeType, type Connection, type Handler, type RemotingCommand } from "../src/remoting/index.ts";
import { Channel } from "../src/remoting/channel.ts";
import { Broker, encodeSendHeaderV2 } from "../src/broker/index.ts";
// The full set of broker keys the broker tests use (a bench, not a deployment).
import { jsonHeaderFrame, sendHeader, tempDir, testBrokerInit } from "../test/broker/send-harness.ts";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const FRAMES_PER_READ = Number(process.env.BENCH_FRAMES_PER_READ ?? 16);
const ROUNDS = 3;
const BODY = new Uint8Array(1024).fill(97);
const PROPERTIES = "UNIQ_KEY\u0001AC110001000018B4AAC2470A2D0000\u0002WAIT\u0001true\u0002TAGS\u0001TagA";

function binaryFrame(opaque: number): Uint8Array {
  const cmd = request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(sendHeader({ topic: "BenchSend", queueId: opaque % 4, properties: PROPERTIES })), BODY);
  cmd.serializeType = SerializeType.ROCKETMQ;
  cmd.opaque = opaque;
  return encodeFrame(cmd);
}

/** As ali-ons writes it: JSON, numbers and booleans as JSON types. */
function jsonFrame(opaque: number): Uint8Array {
  const extFields = { a: "pg", b: "BenchSend", c: "TBW102", d: 4, e: opaque % 4, f: 0, g: Date.now(), h: 0, i: PROPERTIES, j: 0, k: false, l: 16 };
  return jsonHeaderFrame({ code: RequestCode.SEND_MESSAGE_V2, language: "NODE", opaque, flag: 0, version: 317, extFields }, BODY);
}

/** As rocketmq-client 4.9.8 writes it (test/fixtures/rocketmq-java/4.9.8/310-json.bin): JSON,
 *  every extFields value a string, fields in fastjson's order. */
function javaFrame(opaque: number): Uint8Array {
  const extFields = { a: "pg", b: "BenchSend", c: "TBW102", d: "4", e: String(opaque % 4), f: "0", g: String(Date.now()), h: "0",
    i: `KEYS\u0001k-${opaque}\u0002${PROPERTIES}`, j: "0", k: "false", m: "false", n: "broker-a" };
  return jsonHeaderFrame({ code: RequestCode.SEND_MESSAGE_V2, extFields, flag: 0, language: "JAVA", opaque, serializeTypeCurrentRPC: "JSON", version: 409 }, BODY);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function run(dispatch: Handler, make: (opaque: number) => Uint8Array, label: string): Promise<void> {
  const reads: Uint8Array[] = [];
  for (let i = 0; i < MESSAGES; i += FRAMES_PER_READ) {
    reads.push(Buffer.concat(Array.from({ length: FRAMES_PER_READ }, (_, k) => make(i + k))));
  }
  for (let round = 0; round < ROUNDS; round++) {
    const decoder = new FrameDecoder();
    let replies = 0;
    let failed = 0;
    const channel = new Channel(
      { remoteAddress: "127.0.0.1", remotePort: 1, end: () => {}, pause: () => {}, resume: () => {},
        write: (b) => {
          for (const r of decoder.push(b.slice())) (r.code === 0 ? replies++ : failed++);
          return b.length;
        } },
      { log: silentLogger, maxFrameBytes: 64 << 20, outboundBytesMax: 256 << 20, pendingMax: 16, handler: dispatch },
    );
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < reads.length; i++) {
      channel.onData(reads[i]!);
      if (i % 4 === 3) while (replies + failed < (i + 1) * FRAMES_PER_READ) await turn();
    }
    while (replies + failed < MESSAGES) await turn();
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`${label}: ${MESSAGES} sends, ${FRAMES_PER_READ} a read: ${((cpu.user + cpu.system) / MESSAGES).toFixed(2)} µs CPU/msg${failed > 0 ? `, ${failed} FAILED` : ""}\n`);
  }
}

const dir = tempDir("mq-bench-send-");
const broker = new Broker(testBrokerInit(dir.path));
await broker.start();
try {
  const server = (broker as unknown as { shell: { server: { dispatch: (req: RemotingCommand, conn: Connection) => ReturnType<Handler> } } }).shell.server;
  const dispatch: Handler = (req, conn) => server.dispatch(req, conn);
  const forms = [["binary (mq client)", binaryFrame], ["JSON (ali-ons)", jsonFrame], ["JSON (Java client)", javaFrame]] as const;
  const only = process.env.BENCH_FORM; // "binary" or "JSON": one form only (to profile it)
  for (const [label, make] of [...forms, ...forms]) {
    if (only === undefined || label.startsWith(only)) await run(dispatch, make, label);
  }
} finally {
  await broker.stop();
  dir.remove();
}
