// `mq all-in-one [-c broker.properties] [--namesrv-port N] [--key=value]`: a NameServer and one
// broker in one process, for development. Embedded defaults (below -c, env and --key=value):
// NameServer 9876, broker 10911 registering with it, brokerIP1 127.0.0.1, data and logs in
// ./mq-data under the current directory, and the web console at 127.0.0.1:8080 (consoleEnable).
// An unprefixed listenPort (in -c broker.properties or on the command line) is the broker's; the
// NameServer's port is --namesrv-port or namesrv.listenPort.
import { join, resolve } from "node:path";
import type { Options, RoleCommand } from "./command.ts";
import { brokerServices, namesrvService } from "./roles.ts";

export const DATA_DIR = "mq-data";

function presets(options: Options): { key: string; value: string }[] {
  const namesrvPort = options.namesrvPort === undefined ? "9876" : String(options.namesrvPort);
  const dataDir = resolve(DATA_DIR);
  return [
    { key: "namesrv.listenPort", value: namesrvPort },
    { key: "broker.namesrvAddr", value: `127.0.0.1:${namesrvPort}` },
    { key: "broker.brokerIP1", value: "127.0.0.1" },
    { key: "broker.brokerName", value: "broker-a" },
    { key: "broker.storePathRootDir", value: join(dataDir, "store") },
    { key: "namesrv.kvConfigPath", value: join(dataDir, "namesrv", "kvConfig.json") },
    { key: "logsDir", value: join(dataDir, "logs") },
    { key: "broker.consoleEnable", value: "true" },
  ];
}

export const allInOneCommand: RoleCommand<"namesrv" | "broker"> = {
  kind: "role",
  name: "all-in-one",
  description: "run a NameServer and a broker in one process, for development (data in ./mq-data)",
  roles: ["namesrv", "broker"],
  options: [{ flags: "--namesrv-port <port>", description: "NameServer port (default 9876); the broker registers there" }],
  presets,
  // -c takes a broker.properties: its listenPort is the broker's. The name server's is --namesrv-port.
  unprefixed: { listenPort: ["broker"] },
  build: (configs, log) => [
    namesrvService(configs.namesrv, log, { key: "--namesrv-port", flag: "--namesrv-port=N" }),
    ...brokerServices(configs.broker, log),
  ],
};
