// `mq consume [-n host:port] [-t topic] [--tag expr | --sql expr] [-g group] [-c count]
// [--from first|last] [--broadcast] [--orderly]`: tools.sh's quickstart Consumer. A push consumer (CLUSTERING, CONSUME_FROM_FIRST_OFFSET as the
// quickstart) prints "Consumer Started." and then one line per message. It runs until SIGINT or
// SIGTERM, or until `count` messages were printed; either way it shuts down cleanly: exactly the
// messages printed are committed, and whatever was pulled beyond `count` is neither committed
// nor sent back, so the next run of the group gets it (reconsumeTimes unchanged). It fails when
// no NameServer answers, naming the address.
import { PushConsumer, type ConsumeFromWhere, type MessageExt, type MessageSelector } from "../client/index.ts";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { createLogger } from "../common/index.ts";
import { messageText } from "./message-text.ts";
import { CREDENTIAL_FLAGS, credentialsOf } from "./credentials.ts";
import type { Credentials } from "../remoting/index.ts";
import { boolFlag, FlagError, groupFlag, intFlag, namesrvOf, onStopSignal, stringFlag, readFlags } from "./tool-flags.ts";

export const CONSUME_DEFAULTS = {
  topic: "TopicTest",
  tag: "*",
  group: "please_rename_unique_group_name_4",
  from: "first",
} as const;

const FROM: Readonly<Record<string, ConsumeFromWhere>> = {
  first: "CONSUME_FROM_FIRST_OFFSET",
  last: "CONSUME_FROM_LAST_OFFSET",
};

/** --from: first, last, or a yyyyMMddHHmmss time (CONSUME_FROM_TIMESTAMP). */
export function consumeFromOf(from: string): { where: ConsumeFromWhere; timestamp?: string } {
  const where = FROM[from.toLowerCase()];
  if (where) return { where };
  if (/^\d{14}$/.test(from)) return { where: "CONSUME_FROM_TIMESTAMP", timestamp: from };
  throw new FlagError(`--from takes first, last or yyyyMMddHHmmss, got ${from}`);
}

interface ConsumeSpec {
  namesrvAddr: string;
  credentials: Credentials | undefined;
  topic: string;
  tag: string;
  group: string;
  /** 0 = until a signal. */
  count: number;
  from: { where: ConsumeFromWhere; timestamp?: string };
  selector: string | MessageSelector;
  broadcast: boolean;
  orderly: boolean;
}

function specOf(o: Options): ConsumeSpec {
  return {
    namesrvAddr: namesrvOf(o),
    credentials: credentialsOf(o),
    topic: stringFlag(o, "topic", CONSUME_DEFAULTS.topic),
    tag: stringFlag(o, "tag", CONSUME_DEFAULTS.tag),
    group: groupFlag(o, CONSUME_DEFAULTS.group),
    count: intFlag(o, "count", 0, 0),
    from: consumeFromOf(stringFlag(o, "from", CONSUME_DEFAULTS.from)),
    selector: selectorOf(o),
    broadcast: boolFlag(o, "broadcast", false),
    orderly: boolFlag(o, "orderly", false),
  };
}

function selectorOf(o: Options): string | MessageSelector {
  if (o.sql === undefined) return stringFlag(o, "tag", CONSUME_DEFAULTS.tag);
  if (o.tag !== undefined) throw new FlagError("--tag and --sql cannot both be given");
  return { type: "SQL92", expression: stringFlag(o, "sql", "") };
}

async function consume(_args: readonly string[], options: Options, io: Io): Promise<number> {
  const spec = readFlags("mq consume", io, () => specOf(options));
  if (spec === undefined) return EXIT_USAGE;
  const consumer = new PushConsumer({
    namesrvAddr: spec.namesrvAddr,
    ...spec.credentials,
    consumerGroup: spec.group,
    consumeFromWhere: spec.from.where,
    consumeTimestamp: spec.from.timestamp,
    messageModel: spec.broadcast ? "BROADCASTING" : "CLUSTERING",
    // The consumer hands out exactly `count` messages; what it pulled beyond them stays unconsumed.
    consumeMessageCountMax: spec.count > 0 ? spec.count : undefined,
    // Refusals the broker keeps answering (no permission, bad subscription) show up on stderr.
    logger: createLogger({ level: "warn", write: (line) => io.err(`mq consume: ${line}`) }),
  });
  let printed = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let announce: () => void = () => {};
  const announced = new Promise<void>((resolve) => (announce = resolve));
  const unlisten = onStopSignal(() => finish());
  consumer.subscribe(spec.topic, spec.selector);
  /** Prints a batch; once `count` are printed the tool shuts down, which still commits this batch. */
  const print = async (messages: MessageExt[]): Promise<void> => {
    await announced; // messages may arrive while start() still runs: print them after "Consumer Started."
    for (const m of messages) io.out(`Receive New Messages: [${messageText(m)}]\n`);
    printed += messages.length;
    if (spec.count > 0 && printed >= spec.count) finish();
  };
  if (spec.orderly) {
    consumer.registerMessageListenerOrderly(async (ms) => {
      await print(ms);
      return "SUCCESS" as const;
    });
  } else {
    consumer.registerMessageListener(async (ms) => {
      await print(ms);
      return "CONSUME_SUCCESS" as const;
    });
  }
  try {
    await consumer.start();
    io.out("Consumer Started.\n");
    announce();
    await finished;
    return EXIT_OK;
  } catch (e) {
    io.err(`mq consume: ${spec.topic} via ${spec.namesrvAddr}: ${(e as Error).message}\n`);
    return EXIT_FAILURE;
  } finally {
    unlisten();
    announce();
    await consumer.shutdown(); // the batches in the listener still settle and are committed
  }
}

export const consumeCommand: ToolCommand = {
  kind: "tool",
  name: "consume",
  description: "print the messages of a topic as they arrive, as tools.sh's quickstart Consumer (Ctrl-C stops)",
  options: [
    { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port, port 9876 when left out (default: NAMESRV_ADDR or 127.0.0.1:9876)" },
    { flags: "-t, --topic <topic>", description: `topic (default: ${CONSUME_DEFAULTS.topic})` },
    ...CREDENTIAL_FLAGS,
    { flags: "--tag <expression>", description: `tag expression, "*" or "TagA || TagB" (default: ${CONSUME_DEFAULTS.tag})` },
    { flags: "--sql <expression>", description: "SQL92 filter on properties, e.g. \"a between 0 and 8\" (broker: enablePropertyFilter=true)" },
    { flags: "--broadcast", description: "BROADCASTING: every consumer of the group gets every message (offsets kept locally)" },
    { flags: "--orderly", description: "consume each queue in order, one message at a time, under a broker lock" },
    { flags: "-g, --group <group>", description: `consumer group (default: ${CONSUME_DEFAULTS.group})` },
    { flags: "-c, --count <n>", description: "consume and commit exactly this many, then exit; the rest stays for the next run (default: until Ctrl-C)" },
    { flags: "--from <where>", description: "where a new group starts: first, last or yyyyMMddHHmmss (default: first)" },
  ],
  run: consume,
};
