// The options of `mq bench produce|consume`, as RocketMQ's benchmark/producer.sh and consumer.sh
// spell them, plus bounds: every run ends after --count messages or --duration seconds, whichever
// comes first (RocketMQ's -q 0 "forever" has no equivalent: a benchmark here always ends).
import type { ConsumeFromWhere } from "../../client/index.ts";
import type { CliOption, Options } from "../command.ts";
import { consumeFromOf } from "../consume.ts";
import type { Credentials } from "../../remoting/index.ts";
import { CREDENTIAL_FLAGS, credentialsOf } from "../credentials.ts";
import { boolFlag, groupFlag, intFlag, namesrvOf, stringFlag } from "../tool-flags.ts";

export interface BenchSpec {
  namesrvAddr: string;
  credentials: Credentials | undefined;
  topic: string;
  /** produce: concurrent sends in flight (RocketMQ's sender threads). */
  threads: number;
  messageBytes: number;
  keys: boolean;
  /** produce: send with a callback (RocketMQ's -y); the in-flight bound stays `threads`. */
  async: boolean;
  group: string;
  /** 0 = bounded by duration only. */
  count: number;
  durationMs: number;
  /** produce: messages per second, 0 = as fast as possible. */
  rate: number;
  reportIntervalMs: number;
  from: { where: ConsumeFromWhere; timestamp?: string };
  json: boolean;
}

export const BENCH_DEFAULTS = {
  topic: "BenchmarkTest",
  threads: 64,
  messageBytes: 128,
  group: "benchmark_consumer",
  durationS: 60,
  reportIntervalMs: 1000,
} as const;

const DURATION_S_MAX = 24 * 3600;
const MESSAGE_BYTES_MAX = 4 * 1024 * 1024;
const THREADS_MAX = 100_000;

export const benchOptions: readonly CliOption[] = [
  { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port, port 9876 when left out (default: NAMESRV_ADDR or 127.0.0.1:9876)" },
  { flags: "-t, --topic <topic>", description: `topic (default: ${BENCH_DEFAULTS.topic})` },
  { flags: "-w, --threads <n>", description: `produce: sends in flight at once (default: ${BENCH_DEFAULTS.threads})` },
  { flags: "-s, --size <bytes>", description: `produce: body size (default: ${BENCH_DEFAULTS.messageBytes})` },
  { flags: "-k, --key-enable [bool]", description: "produce: give each message a key (default: false)" },
  { flags: "-y, --async-enable [bool]", description: "produce: send with a callback instead of awaiting (default: false)" },
  { flags: "-g, --group <group>", description: `consume: consumer group (default: ${BENCH_DEFAULTS.group})` },
  { flags: "-q, --count <n>", description: "stop after this many messages (default: no limit, --duration bounds the run)" },
  { flags: "--duration <s>", description: `stop after this many seconds (default: ${BENCH_DEFAULTS.durationS})` },
  { flags: "--rate <msgs>", description: "produce: send at this fixed rate, messages per second (default: as fast as possible)" },
  { flags: "--from <where>", description: "consume: where a new group starts: first, last or yyyyMMddHHmmss (default: last)" },
  { flags: "--report-interval <ms>", description: `print a line every this many ms (default: ${BENCH_DEFAULTS.reportIntervalMs})` },
  { flags: "--json", description: "also print the summary as one JSON line" },
  ...CREDENTIAL_FLAGS,
];

export function benchSpecOf(o: Options): BenchSpec {
  return {
    namesrvAddr: namesrvOf(o),
    credentials: credentialsOf(o),
    topic: stringFlag(o, "topic", BENCH_DEFAULTS.topic),
    threads: intFlag(o, "threads", BENCH_DEFAULTS.threads, 1, THREADS_MAX),
    messageBytes: intFlag(o, "size", BENCH_DEFAULTS.messageBytes, 1, MESSAGE_BYTES_MAX),
    keys: boolFlag(o, "keyEnable", false),
    async: boolFlag(o, "asyncEnable", false),
    group: groupFlag(o, BENCH_DEFAULTS.group),
    count: intFlag(o, "count", 0, 0),
    durationMs: intFlag(o, "duration", BENCH_DEFAULTS.durationS, 1, DURATION_S_MAX) * 1000,
    rate: intFlag(o, "rate", 0, 0, 10_000_000),
    reportIntervalMs: intFlag(o, "reportInterval", BENCH_DEFAULTS.reportIntervalMs, 100, 3_600_000),
    from: consumeFromOf(stringFlag(o, "from", "last")),
    json: boolFlag(o, "json", false),
  };
}
