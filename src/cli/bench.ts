// `mq bench produce|consume [flags]`: RocketMQ's benchmark/producer.sh and consumer.sh in one
// command, with their flags and their per-interval lines (see bench/report.ts). Every run is
// bounded by --count and --duration; SIGINT or SIGTERM ends it early, still printing the
// summary. Exits 0 when nothing failed, 1 otherwise (or when nothing at all was sent/received).
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { benchConsume } from "./bench/consume-bench.ts";
import { benchProduce } from "./bench/produce-bench.ts";
import type { BenchSummary } from "./bench/report.ts";
import { benchOptions, benchSpecOf, type BenchSpec } from "./bench/spec.ts";
import { onStopSignal, readFlags } from "./tool-flags.ts";

const MODES: Readonly<Record<string, (spec: BenchSpec, io: Io, stop: Promise<void>) => Promise<BenchSummary>>> = {
  produce: benchProduce,
  consume: benchConsume,
};

async function bench(args: readonly string[], options: Options, io: Io): Promise<number> {
  const mode = args[0] ?? "";
  const runMode = MODES[mode];
  if (runMode === undefined) {
    io.err(`mq bench: say produce or consume, e.g. mq bench produce -t BenchmarkTest -w 64 -s 1024\n`);
    return EXIT_USAGE;
  }
  const spec = readFlags("mq bench", io, () => benchSpecOf(options));
  if (spec === undefined) return EXIT_USAGE;
  let stopNow: () => void = () => {};
  const stop = new Promise<void>((resolve) => (stopNow = resolve));
  const unlisten = onStopSignal(() => stopNow());
  try {
    const summary = await runMode(spec, io, stop);
    if (spec.json) io.out(`${JSON.stringify(summary)}\n`);
    return summary.failed === 0 && summary.count > 0 ? EXIT_OK : EXIT_FAILURE;
  } catch (e) {
    io.err(`mq bench ${mode}: ${spec.topic} via ${spec.namesrvAddr}: ${(e as Error).message}\n`);
    return EXIT_FAILURE;
  } finally {
    unlisten();
  }
}

export const benchCommand: ToolCommand = {
  kind: "tool",
  name: "bench",
  args: "<mode>",
  description: "benchmark: mq bench produce|consume, as RocketMQ's benchmark/producer.sh and consumer.sh",
  options: benchOptions,
  run: bench,
};
