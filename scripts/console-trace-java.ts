// The console's message trace against real tracing clients: test/compat's "trace" scenario
// (rocketmq-client 4.9.8 and 5.x with enableMsgTrace on a producer and a push consumer) against
// mq all-in-one, then /api/trace and the trace page for every message a Pub trace names. One line
// per message (its records in the console's order); exit 1 unless each shows Pub, SubBefore and
// SubAfter, the send first. Needs java and mvn (the compat suite's toolchain); builds nothing else.
//   npm run build && node_modules/.bin/bun scripts/console-trace-java.ts
import { decodeTraceData } from "../src/admin/index.ts";
import { createTopics } from "../test/compat/all-in-one.ts";
import { buildJava, runJava } from "../test/compat/java-build.ts";
import { allInOne } from "../test/e2e/all-in-one.ts";
import { killAll, tempDir } from "../test/e2e/harness.ts";

type Trace = { records: Array<{ type: string; group: string; success?: boolean; costTimeMs: number }> };

async function main(): Promise<number> {
  const dir = tempDir("mq-console-trace-");
  const aio = await allInOne(dir, ["--traceTopicEnable=true"]);
  const namesrvAddr = `127.0.0.1:${aio.namesrvPort}`;
  const base = `http://127.0.0.1:${aio.consolePort}`;
  const classpaths = await buildJava();
  for (const [module, prefix] of [["v4", "J4"], ["v5", "J5"]] as const) {
    await createTopics(namesrvAddr, [`${prefix}_trace`]);
    const run = runJava(classpaths[module], { name: `java-${prefix}`, namesrvAddr, prefix, dir, scenarios: ["trace"] });
    process.stdout.write(`${prefix} trace scenario: ${JSON.stringify(await run.result("trace", 150_000))}\n`);
    await run.proc.kill();
  }
  const stored = (await (await fetch(`${base}/api/messages?topic=RMQ_SYS_TRACE_TOPIC&begin=0`)).json()) as Array<{ body: string }>;
  const ids = [...new Set(stored.flatMap((m) => decodeTraceData(m.body)).filter((r) => r.type === "Pub").map((r) => r.msgId))];
  let failed = ids.length === 0 ? 1 : 0;
  for (const id of ids) {
    const { records } = (await (await fetch(`${base}/api/trace/${id}`)).json()) as Trace;
    const page = await (await fetch(`${base}/trace?msgId=${id}`)).text();
    const types = records.map((r) => r.type);
    const ok = types[0] === "Pub" && types.includes("SubBefore") && types.includes("SubAfter") && page.includes("SubAfter");
    if (!ok) failed++;
    process.stdout.write(`${ok ? "ok  " : "FAIL"}  ${id}  ${records.map((r) => `${r.type} ${r.group} ${r.success ?? "-"} ${r.costTimeMs}ms`).join(" | ")}\n`);
  }
  process.stdout.write(`${ids.length} traced messages, ${failed === 0 ? "all shown" : `${failed} not shown`}\n`);
  return failed === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} finally {
  await killAll();
}
process.exit(code);
