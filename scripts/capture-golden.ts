// Captures the golden frames of test/fixtures/rocketmq-java (test/common/protocol/java-golden.test.ts):
// the bytes real Apache RocketMQ peers send, taken on loopback by a relay between them. Apache
// RocketMQ's own NameServer and broker (scripts/rocketmq-reference.sh, 5.5.0) serve; the Java
// scenarios of test/compat/java (rocketmq-client 4.9.8 and 5.5.0: transaction, request-reply,
// timer-recall) and the real mqadmin (rocketmq-tools 4.9.8 and 5.5.0, the steps of
// test/compat/mqadmin-steps.ts) talk to them through two relays: one before the NameServer, which
// rewrites the broker's address in its answers to the second relay's, and that one before the
// broker. The first request frame of each wanted code, per direction and serialization, is kept:
//   <out>/<4.9.8|5.x>/<code>-<json|rocketmq>.bin        what a client or mqadmin sent
//   <out>/broker-5.5.0/<code>-<json|rocketmq>.bin       what the broker sent a client
// Usage: bun scripts/capture-golden.ts [outDir]   (default test/fixtures/rocketmq-java; needs
// java and mvn; about two minutes). Only wanted codes are written; existing files are replaced.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join, resolve } from "node:path";
import { decodeFrame, encodeFrame, SerializeType, type RemotingCommand } from "../src/remoting/index.ts";
import { createTopics } from "../test/compat/all-in-one.ts";
import { buildJava, clientVersion, runJava, runJavaMain, type JavaModule } from "../test/compat/java-build.ts";
import { adminSteps } from "../test/compat/mqadmin-steps.ts";
import { startReferenceBroker } from "../test/compat/reference-broker.ts";
import { BROKER_PROPS } from "../test/compat/scenario-suite.ts";
import { tempDir } from "../test/e2e/harness.ts";

const OUT = resolve(process.argv[2] ?? join(import.meta.dir, "..", "test", "fixtures", "rocketmq-java"));
const REFERENCE_VERSION = "5.5.0";

/** Codes a client sends (37 END_TRANSACTION, 324/325 SEND_REPLY_MESSAGE(_V2), 370 RECALL_MESSAGE) and the admin codes. */
const FROM_CLIENT = new Set([37, 324, 325, 370, 17, 215, 216, 100, 102, 202, 203, 204, 207, 208, 222, 223, 307, 315, 317, 33, 12, 29, 30, 31, 300]);
/** Codes the broker sends a client (39 CHECK_TRANSACTION_STATE, 326 PUSH_REPLY_MESSAGE_TO_CLIENT). */
const FROM_BROKER = new Set([39, 326]);

const captured = new Map<string, Uint8Array>();

function keep(dir: string, frame: Uint8Array, cmd: RemotingCommand): void {
  const name = `${dir}/${cmd.code}-${cmd.serializeType === SerializeType.ROCKETMQ ? "rocketmq" : "json"}`;
  if (!captured.has(name)) captured.set(name, Uint8Array.from(frame));
}

/** Complete frames out of a stream: [int32 length][length bytes]. */
class Frames {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
      const end = 4 + this.buf.readUInt32BE(0);
      out.push(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
    }
    return out;
  }
}

type Transform = (frame: Buffer, fromClient: boolean) => Uint8Array;

/** A relay on a free port of 127.0.0.1 to upstream, passing every frame through transform. */
function relay(upstream: string, transform: Transform): Promise<{ addr: string; close(): void }> {
  const [host, port] = upstream.split(":") as [string, string];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const broker = connect(Number(port), host);
    sockets.add(client).add(broker);
    const up = new Frames();
    const down = new Frames();
    client.on("data", (chunk: Buffer) => { for (const f of up.push(chunk)) broker.write(transform(f, true)); });
    broker.on("data", (chunk: Buffer) => { for (const f of down.push(chunk)) client.write(transform(f, false)); });
    const end = () => { client.destroy(); broker.destroy(); };
    client.on("close", end).on("error", end);
    broker.on("close", end).on("error", end);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => {
    const a = server.address();
    ok({
      addr: `127.0.0.1:${typeof a === "object" && a !== null ? a.port : 0}`,
      close() {
        for (const s of sockets) s.destroy();
        server.close();
      },
    });
  }));
}

const decoded = (frame: Buffer): RemotingCommand | undefined => {
  try {
    return decodeFrame(frame.subarray(4));
  } catch {
    return undefined;
  }
};
const isRequest = (cmd: RemotingCommand) => (cmd.flag & 1) === 0;

/** The NameServer relay: answers naming brokerAddr name brokerRelay instead. */
const namesrvTransform = (brokerAddr: string, brokerRelay: () => string, dir: string): Transform => (frame, fromClient) => {
  const cmd = decoded(frame);
  if (cmd === undefined) return frame;
  if (fromClient && isRequest(cmd) && FROM_CLIENT.has(cmd.code)) keep(dir, frame, cmd);
  if (fromClient || cmd.body === undefined) return frame;
  const text = Buffer.from(cmd.body).toString("utf8");
  if (!text.includes(brokerAddr)) return frame;
  return encodeFrame({ ...cmd, body: Buffer.from(text.replaceAll(brokerAddr, brokerRelay())) });
};

const brokerTransform = (dir: string): Transform => (frame, fromClient) => {
  const cmd = decoded(frame);
  if (cmd !== undefined && isRequest(cmd)) {
    if (fromClient && FROM_CLIENT.has(cmd.code)) keep(dir, frame, cmd);
    if (!fromClient && FROM_BROKER.has(cmd.code)) keep(`broker-${REFERENCE_VERSION}`, frame, cmd);
  }
  return frame;
};

const NO_VIP = { "com.rocketmq.sendMessageWithVIPChannel": "false" };

/** One client version's scenarios, or its mqadmin steps, through a fresh pair of relays. */
async function through(target: { namesrvAddr: string; brokerAddr: string }, dir: string, run: (namesrvRelay: string) => Promise<void>): Promise<void> {
  let brokerRelay = "";
  const b = await relay(target.brokerAddr, brokerTransform(dir));
  brokerRelay = b.addr;
  const n = await relay(target.namesrvAddr, namesrvTransform(target.brokerAddr, () => brokerRelay, dir));
  try {
    await run(n.addr);
  } finally {
    n.close();
    b.close();
  }
}

async function main(): Promise<void> {
  const classpaths = await buildJava();
  const work = tempDir("mq-capture-");
  const lines = Object.entries(BROKER_PROPS).map(([k, v]) => `${k}=${v}`);
  const ref = await startReferenceBroker(REFERENCE_VERSION, lines);
  try {
    const clients: Array<{ module: JavaModule; prefix: string; scenarios: string[] }> = [
      { module: "v4", prefix: "CAP4", scenarios: ["transaction", "request-reply"] },
      { module: "v5", prefix: "CAP5", scenarios: ["transaction", "request-reply", "timer-recall"] },
    ];
    await createTopics(ref.namesrvAddr, clients.flatMap((c) => c.scenarios.map((s) => `${c.prefix}_${s}`)));
    for (const c of clients) {
      const dir = clientVersion(c.module).startsWith("4.") ? clientVersion(c.module) : "5.x";
      await through(ref, dir, async (namesrv) => {
        const run = runJava(classpaths[c.module], { name: c.prefix, namesrvAddr: namesrv, prefix: c.prefix, dir: work, scenarios: c.scenarios, systemProps: NO_VIP });
        await run.proc.exited;
        process.stdout.write(run.proc.output());
      });
    }
    for (const [module, prefix] of [["v4-admin", "CAPA4"], ["v5-admin", "CAPA5"]] as const) {
      const version = clientVersion(module);
      const stepsFile = join(work, `${prefix}-steps.tsv`);
      writeFileSync(stepsFile, adminSteps(prefix, version).map((s) => [s.name, ...s.step].join("\t")).join("\n") + "\n");
      await through(ref, version.startsWith("4.") ? version : "5.x", async (namesrv) => {
        const run = runJavaMain(classpaths[module], { name: `mqadmin-${prefix}`, dir: work, main: "mqadmin.Runner", args: [namesrv, stepsFile], systemProps: NO_VIP });
        await run.proc.exited;
      });
    }
  } finally {
    await ref.stop();
    rmSync(work, { recursive: true, force: true });
  }
  for (const [name, frame] of [...captured].sort()) {
    mkdirSync(join(OUT, name.split("/")[0] ?? ""), { recursive: true });
    writeFileSync(join(OUT, `${name}.bin`), frame);
    console.log(`${name}.bin ${frame.length} bytes`);
  }
}

await main();
