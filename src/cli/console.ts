// `mq console [-n NAMESRV] [--port 8080] [--address 127.0.0.1]`: the web console alone, against
// any RocketMQ cluster (mq's or Apache RocketMQ's), as rocketmq-dashboard runs. With ACL on, it
// asks for a login and signs each session's requests with its keys; the keys mq admin takes
// (--access-key/--secret-key, MQ_ACCESS_KEY, tools.yml) sign only the dashboard's background
// reads. Until SIGINT or SIGTERM.
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, type Options, type ToolCommand } from "./command.ts";
import { createLogger } from "../common/index.ts";
import { consoleService } from "./console-service.ts";
import { credentialsOf } from "./credentials.ts";
import { intFlag, namesrvOf, onStopSignal, readFlags, stringFlag } from "./tool-flags.ts";

async function run(_args: readonly string[], options: Options, io: Io): Promise<number> {
  const keys = readFlags("console", io, () => ({
    namesrvAddr: namesrvOf(options),
    consolePort: intFlag(options, "port", 8080, 0, 65535),
    consoleAddress: stringFlag(options, "address", "127.0.0.1"),
    credentials: credentialsOf(options),
  }));
  if (keys === undefined) return EXIT_USAGE;
  const log = createLogger({ level: "info", write: (line) => io.err(line) });
  const service = consoleService(keys, log);
  let stopped!: () => void;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const unlisten = onStopSignal(() => stopped());
  try {
    await service.start();
  } catch (e) {
    unlisten();
    io.err(`mq console: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
  await stop;
  await service.stop();
  return EXIT_OK;
}

export const consoleCommand: ToolCommand = {
  kind: "tool",
  name: "console",
  description: "serve the web console for a cluster's name servers (127.0.0.1:8080): cluster, topics, groups, messages",
  options: [
    { flags: "-n, --namesrv-addr <addr>", description: "name servers, host:port;host:port (a host alone means port 9876)" },
    { flags: "--port <port>", description: "HTTP port (default 8080)" },
    { flags: "--address <address>", description: "address to listen on (default 127.0.0.1; anything else warns)" },
    // With ACL on, pages and changes sign with the login's keys; these sign only the dashboard's reads.
    { flags: "--access-key <key>", description: "ACL: the dashboard's background reads sign with it; pages ask for a login (default: MQ_ACCESS_KEY, else tools.yml)" },
    { flags: "--secret-key <key>", description: "ACL: its secret (default: MQ_SECRET_KEY, else $ROCKETMQ_HOME/conf/tools.yml)" },
  ],
  examples: ["mq console -n 127.0.0.1:9876", "mq console -n 10.0.0.5:9876 --port 8082"],
  run,
};
