// `mq shutdown <role>` with --port, --store or --pid stops just the process that matches, and
// prints each process it signals with its pid, ports and store; a filter matching none signals none.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, killAll, MQ, spawnMq, spawnProc, tempDir, type Proc } from "./harness.ts";

interface Broker { proc: Proc; pid: number; port: number; store: string }

let dir = "";
let namesrv: Proc;
let namesrvAddr = "";

beforeAll(async () => {
  dir = tempDir("mq-shutdown-");
  const port = await freePort();
  namesrvAddr = `127.0.0.1:${port}`;
  namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${port}`, "--logsDir=", `--kvConfigPath=${join(dir, "kv.json")}`],
    { cwd: dir });
  await namesrv.waitFor(/boot success/);
});

afterEach(async () => {
  for (const b of brokers.splice(0)) await b.proc.kill("SIGKILL");
});

afterAll(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

const brokers: Broker[] = [];

async function startBroker(name: string): Promise<Broker> {
  const port = await freePort();
  const store = join(dir, `store-${name}-${port}`);
  const conf = join(dir, `${name}-${port}.properties`);
  writeFileSync(conf, [`brokerName=${name}`, `listenPort=${port}`, `namesrvAddr=${namesrvAddr}`, "brokerIP1=127.0.0.1",
    `storePathRootDir=${store}`, `mappedFileSizeCommitLog=${16 * 1024 * 1024}`].join("\n") + "\n");
  const proc = spawnMq(name, ["broker", "-c", conf, "--logsDir="], { cwd: dir });
  await proc.waitFor(/boot success/);
  const broker = { proc, pid: proc.child.pid, port, store: realpathSync(store) };
  brokers.push(broker);
  return broker;
}

async function shutdown(args: string[]): Promise<{ code: number; out: string }> {
  const proc = spawnProc("shutdown", [MQ, "shutdown", ...args]);
  return { code: await proc.exited, out: proc.output() };
}

const running = (b: Broker) => b.proc.child.exitCode === null;

test("`mq shutdown broker --port` stops only the broker listening there and prints its pid, ports and store", async () => {
  const [a, b] = [await startBroker("broker-a"), await startBroker("broker-b")];
  const { code, out } = await shutdown(["broker", "--port", String(a.port)]);
  expect(code).toBe(0);
  expect(out).toContain(`The mq broker(${a.pid}) is running... ports ${a.port - 2}, ${a.port}, ${a.port + 1}; store ${a.store}`);
  expect(out).toContain(`Send shutdown request to mq broker(${a.pid}) OK`);
  expect(out).not.toContain(String(b.pid));
  expect(await a.proc.exited).toBe(0);
  expect(running(b)).toBe(true);
}, 60_000);

test("`mq shutdown broker --store DIR` stops only the broker with that store", async () => {
  const [a, b] = [await startBroker("broker-a"), await startBroker("broker-b")];
  const { code, out } = await shutdown(["broker", "--store", b.store]);
  expect(code).toBe(0);
  expect(out).toContain(`The mq broker(${b.pid}) is running... ports ${b.port - 2}, ${b.port}, ${b.port + 1}; store ${b.store}`);
  expect(out).not.toContain(String(a.pid));
  expect(await b.proc.exited).toBe(0);
  expect(running(a)).toBe(true);
}, 60_000);

test("`mq shutdown broker --pid N` stops only that process", async () => {
  const [a, b] = [await startBroker("broker-a"), await startBroker("broker-b")];
  const { code, out } = await shutdown(["broker", "--pid", String(b.pid)]);
  expect(code).toBe(0);
  expect(out).toContain(`Send shutdown request to mq broker(${b.pid}) OK`);
  expect(await b.proc.exited).toBe(0);
  expect(running(a)).toBe(true);
}, 60_000);

test("a filter no broker matches signals none, lists those running and exits 1", async () => {
  const a = await startBroker("broker-a");
  const unused = await freePort();
  const { code, out } = await shutdown(["broker", "--port", String(unused)]);
  expect(code).toBe(1);
  expect(out).toContain(`No mq broker matches --port ${unused}; running:`);
  expect(out).toContain(`mq broker(${a.pid}): ports ${a.port - 2}, ${a.port}, ${a.port + 1}; store ${a.store}`);
  expect(running(a)).toBe(true);
}, 60_000);

test("`mq shutdown namesrv --port` prints the name server's one port and no store", async () => {
  const port = await freePort();
  const other = spawnMq("namesrv2", ["namesrv", `--listenPort=${port}`, "--logsDir=", `--kvConfigPath=${join(dir, "kv2.json")}`],
    { cwd: dir });
  await other.waitFor(/boot success/);
  const { code, out } = await shutdown(["namesrv", "--port", String(port)]);
  expect(code).toBe(0);
  expect(out).toContain(`The mq namesrv(${other.child.pid}) is running... port ${port}\n`);
  expect(await other.exited).toBe(0);
  expect(namesrv.child.exitCode).toBeNull();
}, 60_000);

test("a --port that is not a port number is a usage error", async () => {
  const { code, out } = await shutdown(["broker", "--port", "http"]);
  expect(code).toBe(2);
  expect(out).toContain("--port must be a whole number from 1 to 65535, got http");
}, 20_000);
