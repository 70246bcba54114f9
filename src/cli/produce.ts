// `mq produce [-n host:port] [-t topic] [--tag tag] [-c count] [--body text] [--keys k]
// [--props a=1,b=x] [--delay level] [--delay-ms ms] [--deliver-at time] [--order-key key]`:
// tools.sh's quickstart Producer. Sends `count` messages one after another (sync sends, as the quickstart)
// and prints Java's SendResult line for each. "{i}" in --body and --keys becomes the message's
// index. Stops at the first send that fails (after the client's own retries) and exits 1.
import { javaHashSelector, Producer, TopicRouteNotFoundError, type Message } from "../client/index.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { sendResultText } from "./message-text.ts";
import { missingTopicHint } from "./topic-hint.ts";
import { CREDENTIAL_FLAGS, credentialsOf } from "./credentials.ts";
import type { Credentials } from "../remoting/index.ts";
import { FlagError, groupFlag, intFlag, namesrvOf, onStopSignal, stringFlag, readFlags } from "./tool-flags.ts";

export const PRODUCE_DEFAULTS = {
  topic: "TopicTest",
  tag: "TagA",
  count: 1000,
  body: "Hello RocketMQ {i}",
  group: "please_rename_unique_group_name",
} as const;

interface ProduceSpec {
  namesrvAddr: string;
  credentials: Credentials | undefined;
  topic: string;
  tag: string;
  count: number;
  body: string;
  keys: string | undefined;
  group: string;
  /** name=value pairs; {i} in a value becomes the index. */
  props: [string, string][];
  delayLevel: number | undefined;
  /** Timer messages (RocketMQ 5): a delay in ms, or an absolute epoch ms. */
  delayMs: number | undefined;
  deliverAtMs: number | undefined;
  /** Messages with the same key go to the same queue (Java's hash selector), so they stay in order. */
  orderKey: string | undefined;
}

function propsOf(text: string | undefined): [string, string][] {
  if (text === undefined) return [];
  return text.split(",").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new FlagError(`--props takes name=value pairs separated by commas, got ${pair}`);
    return [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
  });
}

function specOf(o: Options): ProduceSpec {
  return {
    namesrvAddr: namesrvOf(o),
    credentials: credentialsOf(o),
    topic: stringFlag(o, "topic", PRODUCE_DEFAULTS.topic),
    tag: stringFlag(o, "tag", PRODUCE_DEFAULTS.tag),
    count: intFlag(o, "count", PRODUCE_DEFAULTS.count, 1),
    body: stringFlag(o, "body", PRODUCE_DEFAULTS.body),
    keys: o.keys === undefined ? undefined : stringFlag(o, "keys", ""),
    group: groupFlag(o, PRODUCE_DEFAULTS.group),
    props: propsOf(o.props === undefined ? undefined : stringFlag(o, "props", "")),
    delayLevel: o.delay === undefined ? undefined : intFlag(o, "delay", 0, 1, 18),
    orderKey: o.orderKey === undefined ? undefined : stringFlag(o, "orderKey", ""),
    delayMs: o.delayMs === undefined ? undefined : intFlag(o, "delayMs", 0, 1),
    deliverAtMs: o.deliverAt === undefined ? undefined : deliverAtOf(stringFlag(o, "deliverAt", "")),
  };
}

/** --deliver-at: epoch milliseconds, or a date and time Date.parse reads ("2026-12-01T20:00:00Z"). */
function deliverAtOf(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new FlagError(`--deliver-at takes epoch milliseconds or an ISO date and time such as 2026-12-01T20:00:00Z, got ${text}`);
  }
  return ms;
}

function messageOf(spec: ProduceSpec, i: number): Message {
  const message: Message = { topic: spec.topic, tags: spec.tag, body: fill(spec.body, i) };
  if (spec.keys !== undefined) message.keys = fill(spec.keys, i);
  if (spec.props.length > 0) message.properties = Object.fromEntries(spec.props.map(([k, v]) => [k, fill(v, i)]));
  if (spec.delayLevel !== undefined) message.delayTimeLevel = spec.delayLevel;
  if (spec.delayMs !== undefined) message.delayTimeMs = spec.delayMs;
  if (spec.deliverAtMs !== undefined) message.deliverTimeMs = spec.deliverAtMs;
  return message;
}

const fill = (template: string, i: number) => template.replaceAll("{i}", String(i));

async function produce(_args: readonly string[], options: Options, io: Io): Promise<number> {
  const spec = readFlags("mq produce", io, () => specOf(options));
  if (spec === undefined) return EXIT_USAGE;
  const producer = new Producer({ namesrvAddr: spec.namesrvAddr, producerGroup: spec.group, sendMsgTimeoutMs: 20_000, ...spec.credentials });
  let stopped = false;
  const unlisten = onStopSignal(() => (stopped = true));
  try {
    await producer.start();
    for (let i = 0; i < spec.count && !stopped; i++) {
      const message = messageOf(spec, i);
      const result = spec.orderKey === undefined ? await producer.send(message)
        : await producer.send(message, javaHashSelector, fill(spec.orderKey, i));
      io.out(`${sendResultText(result)}\n`);
    }
    return stopped ? EXIT_FAILURE : EXIT_OK;
  } catch (e) {
    const hint = e instanceof TopicRouteNotFoundError ? await missingTopicHint(spec.namesrvAddr, spec.topic) : "";
    io.err(`mq produce: send to ${spec.topic} via ${spec.namesrvAddr} failed: ${(e as Error).message}\n${hint}`);
    return EXIT_FAILURE;
  } finally {
    unlisten();
    await producer.shutdown();
  }
}

export const produceCommand: ToolCommand = {
  kind: "tool",
  name: "produce",
  description: "send messages and print each SendResult, as tools.sh's quickstart Producer",
  options: [
    { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port, port 9876 when left out (default: NAMESRV_ADDR or 127.0.0.1:9876)" },
    { flags: "-t, --topic <topic>", description: `topic (default: ${PRODUCE_DEFAULTS.topic})` },
    ...CREDENTIAL_FLAGS,
    { flags: "--tag <tag>", description: `tag of every message (default: ${PRODUCE_DEFAULTS.tag})` },
    { flags: "-c, --count <n>", description: `messages to send (default: ${PRODUCE_DEFAULTS.count})` },
    { flags: "--body <text>", description: `body; {i} becomes the message's index (default: "${PRODUCE_DEFAULTS.body}")` },
    { flags: "--keys <keys>", description: "message keys; {i} becomes the message's index" },
    { flags: "-g, --group <group>", description: `producer group (default: ${PRODUCE_DEFAULTS.group})` },
    { flags: "--props <pairs>", description: "user properties, name=value,name=value; {i} becomes the index" },
    { flags: "--delay <level>", description: "delay level 1..18 (messageDelayLevel: 1s 5s 10s 30s 1m ...)" },
    { flags: "--delay-ms <ms>", description: "timer message: deliver this many ms after it is stored (TIMER_DELAY_MS)" },
    { flags: "--deliver-at <time>", description: "timer message: deliver at this time, epoch ms or ISO (TIMER_DELIVER_MS)" },
    { flags: "--order-key <key>", description: "send messages with the same key to the same queue, in order; {i} works" },
  ],
  run: produce,
};
