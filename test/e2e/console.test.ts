// The compiled binary serves the console and /metrics: `mq all-in-one` with the console on, its
// /metrics counting what `mq produce` sent; `mq console -n` alone; a broker with
// metricsExporterType=PROM; and the warning for a console bound beyond loopback.
import { afterAll, afterEach, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { allInOne as startAllInOne } from "./all-in-one.ts";
import { admin, freePort, killAll, spawnMq, tempDir } from "./harness.ts";

const dir = tempDir("mq-console-e2e-");
afterEach(killAll);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const allInOne = (extra: string[] = [], ready?: (l: string) => boolean) => startAllInOne(dir, extra, ready);

test("all-in-one serves the console at 127.0.0.1 and its /metrics counts the messages mq produce sent", async () => {
  const { proc, namesrvPort, consolePort } = await allInOne();
  expect(proc.lines).toContain(`The console is at http://127.0.0.1:${consolePort}/`);
  const producer = spawnMq("produce", ["produce", "-n", `127.0.0.1:${namesrvPort}`, "-t", "E2eConsole", "-c", "3"], { cwd: dir });
  expect(await producer.exited).toBe(0);
  const page = await fetch(`http://127.0.0.1:${consolePort}/topics`);
  expect(await page.text()).toContain("E2eConsole");
  const families = parsePrometheusTextFormat(await (await fetch(`http://127.0.0.1:${consolePort}/metrics`)).text());
  const messagesIn = families.find((f) => f.name === "rocketmq_messages_in_total")?.metrics ?? [];
  expect(messagesIn.find((m) => m.labels?.topic === "E2eConsole")?.value).toBe("3");
  expect(proc.lines.some((l) => l.includes("the console listens on"))).toBe(false);
});

test("mq console -n shows the cluster of a running name server, and has no /metrics of its own", async () => {
  const { namesrvPort, brokerPort } = await allInOne();
  const port = await freePort();
  const standalone = spawnMq("console", ["console", "-n", `127.0.0.1:${namesrvPort}`, "--port", String(port)], { cwd: dir });
  await standalone.until(() => standalone.lines.includes(`The console is at http://127.0.0.1:${port}/`), "the console line");
  const rows = (await (await fetch(`http://127.0.0.1:${port}/api/cluster`)).json()) as Array<{ addr: string; role: string }>;
  expect(rows).toEqual([expect.objectContaining({ addr: `127.0.0.1:${brokerPort}`, role: "MASTER" })]);
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(metrics.status).toBe(404);
  expect(await metrics.text()).toContain("metricsExporterType=PROM");
});

test("all-in-one whose console port is taken serves on without its console, saying so", async () => {
  const taken = await freePort();
  const holder = Bun.listen({ hostname: "127.0.0.1", port: taken, socket: { data() {} } });
  try {
    const [namesrvPort, brokerPort] = [await freePort(), await freePort()];
    const proc = spawnMq("all-in-one", ["all-in-one", `--namesrv-port=${namesrvPort}`, `--listenPort=${brokerPort}`,
      `--consolePort=${taken}`, `--storePathRootDir=${dir}/store-${brokerPort}`, "--logsDir="], { cwd: dir });
    await proc.waitFor(/running without the console/);
    expect(proc.output()).toContain(`port ${taken} (consolePort) is already in use`);
    expect(proc.child.exitCode).toBeNull();
    expect((await admin(`127.0.0.1:${namesrvPort}`, ["clusterList"])).code).toBe(0);
  } finally {
    holder.stop(true);
  }
});

test("a console bound beyond loopback warns that anyone who reaches it can change topics", async () => {
  const { proc } = await allInOne(["--consoleAddress=0.0.0.0"]);
  expect(proc.output()).toContain("the console listens on 0.0.0.0: anyone who reaches it can create and delete topics");
});

test("metricsExporterType=PROM serves /metrics on metricsPromExporterPort and says where; consoleEnable=false serves no console", async () => {
  const metricsPort = await freePort();
  const { proc, consolePort } = await allInOne(["--consoleEnable=false", "--metricsExporterType=PROM", `--metricsPromExporterPort=${metricsPort}`],
    (l) => l.startsWith("The metrics are at "));
  expect(proc.lines.some((l) => l.startsWith("The console is at"))).toBe(false);
  await expect(fetch(`http://127.0.0.1:${consolePort}/`)).rejects.toThrow();
  expect(proc.lines).toContain(`The metrics are at http://127.0.0.1:${metricsPort}/metrics`);
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  expect(text).toContain('rocketmq_topic_number{cluster="DefaultCluster",node_type="broker",node_id="broker-a"}');
});
