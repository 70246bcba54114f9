// A role whose port cannot be bound says which port, the key that sets it, who holds it and what to
// do; exits 1 and leaves nothing started (all-in-one stops its name server, no store is opened).
import { afterAll, afterEach, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, killAll, MQ, spawnMq, spawnProc, tempDir } from "./harness.ts";

const dir = tempDir("mq-listen-");
afterEach(killAll);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Holds port on 127.0.0.1 for as long as the returned listener is not stopped. */
const occupy = (port: number) => Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });

/** Runs ./mq (after `prefix`, e.g. a setpriv command line) to its exit. */
async function run(args: string[], prefix: string[] = []): Promise<{ code: number; out: string }> {
  const proc = spawnProc("mq", [...prefix, MQ, ...args, "--logsDir="], { cwd: dir });
  return { code: await proc.exited, out: proc.output() };
}

test("namesrv on a port in use names the port, listenPort and the process holding it, and exits 1", async () => {
  const port = await freePort();
  const holder = occupy(port);
  try {
    const { code, out } = await run(["namesrv", `--listenPort=${port}`, `--kvConfigPath=${join(dir, "kv.json")}`]);
    expect(code).toBe(1);
    expect(out).toContain(`mq namesrv: port ${port} (listenPort) is already in use by pid ${process.pid}`);
    expect(out).toContain("choose another port with --listenPort=N");
    expect(out).not.toContain("boot success");
  } finally {
    holder.stop(true);
  }
}, 20_000);

test("broker on a port in use names listenPort, exits 1 and opens no store", async () => {
  const port = await freePort();
  const store = join(dir, "broker-store");
  const holder = occupy(port);
  try {
    const { code, out } = await run(["broker", `--listenPort=${port}`, `--storePathRootDir=${store}`, "-n", "127.0.0.1:1"]);
    expect(code).toBe(1);
    expect(out).toContain(`mq broker: port ${port} (listenPort) is already in use by pid ${process.pid}`);
    expect(existsSync(join(store, "abort"))).toBe(false);
  } finally {
    holder.stop(true);
  }
}, 20_000);

test("a port held by an mq namesrv is named as such, with the mq shutdown command that stops just it", async () => {
  const port = await freePort();
  const namesrv = spawnMq("namesrv", ["namesrv", `--listenPort=${port}`, "--logsDir=", `--kvConfigPath=${join(dir, "kv2.json")}`],
    { cwd: dir });
  await namesrv.waitFor(/boot success/);
  const { code, out } = await run(["broker", `--listenPort=${port}`, `--storePathRootDir=${join(dir, "s2")}`, "-n", "127.0.0.1:1"]);
  expect(code).toBe(1);
  const pid = namesrv.child.pid;
  expect(out).toContain(`port ${port} (listenPort) is already in use by mq namesrv (pid ${pid}): ` +
    `stop it with \`mq shutdown namesrv --pid ${pid}\`, or choose another port with --listenPort=N`);
}, 20_000);

test("all-in-one with its name server's port in use names --namesrv-port", async () => {
  const [namesrvPort, brokerPort] = [await freePort(), await freePort()];
  const holder = occupy(namesrvPort);
  try {
    const { code, out } = await run(["all-in-one", `--namesrv-port=${namesrvPort}`, `--listenPort=${brokerPort}`]);
    expect(code).toBe(1);
    expect(out).toContain(`mq namesrv: port ${namesrvPort} (--namesrv-port) is already in use`);
    expect(out).toContain("choose another port with --namesrv-port=N");
  } finally {
    holder.stop(true);
  }
}, 20_000);

test("all-in-one with its broker's port in use stops the name server it started and exits 1", async () => {
  const [namesrvPort, brokerPort] = [await freePort(), await freePort()];
  const holder = occupy(brokerPort);
  try {
    const { code, out } = await run(["all-in-one", `--namesrv-port=${namesrvPort}`, `--listenPort=${brokerPort}`]);
    expect(code).toBe(1);
    expect(out).toContain(`mq broker: port ${brokerPort} (listenPort) is already in use by pid ${process.pid}`);
    expect(out).toContain("namesrv stopped");
    expect(existsSync(join(dir, "mq-data", "store", "abort"))).toBe(false);
  } finally {
    holder.stop(true);
  }
}, 20_000);

const unprivilegedStart = Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8").trim());
const asRoot = process.getuid?.() === 0;
const setpriv = Bun.which("setpriv");

test.skipIf(unprivilegedStart <= 1 || (asRoot && setpriv === null))(
  "a privileged port without privilege says which ports need root and which to choose",
  async () => {
    // As root, run the binary as nobody: root may bind any port.
    const nobody = asRoot ? [setpriv as string, "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const port = unprivilegedStart - 1;
    const { code, out } = await run(["namesrv", `--listenPort=${port}`, `--kvConfigPath=${join(dir, "kv3.json")}`], nobody);
    expect(code).toBe(1);
    expect(out).toContain(`mq namesrv: port ${port} (listenPort) is privileged: ports below ${unprivilegedStart} need root`);
    expect(out).toContain(`choose a port of ${unprivilegedStart} or above with --listenPort=N`);
  },
  20_000,
);
