// The services the role commands run: a NameServer and a Broker, each wrapped so that start()
// prints the boot line RocketMQ prints once the role is up. all-in-one runs both from here too,
// so there is one code path per role.
import { networkInterfaces } from "node:os";
import type { Logger, MetricsRegistry } from "../common/index.ts";
import type { Credentials } from "../remoting/index.ts";
import { firstLocalIPv4, type BrokerConfig, type NamesrvConfig } from "../common/config/index.ts";
import { Broker, brokerRegistry, ControllerAgent } from "../broker/index.ts";
import { aclFilePath } from "../auth/index.ts";
import { NameServer, NAMESRV_BOOT_MESSAGE } from "../namesrv/index.ts";
import type { Service } from "./command.ts";
import { consoleService } from "./console-service.ts";
import { credentialsOf } from "./credentials.ts";
import { embeddedController } from "./controller.ts";
import { explainListenFailure, type PortSetting } from "./listen-failure.ts";

const say = (line: string) => process.stdout.write(`${line}\n`);

const LISTEN_PORT: Omit<PortSetting, "role"> = { key: "listenPort", flag: "--listenPort=N" };

/** port: how the user sets the name server's port (all-in-one: --namesrv-port). */
export function namesrvService(config: NamesrvConfig, log: Logger, port = LISTEN_PORT): Service {
  const namesrv = new NameServer({ ...config, log, plugin: embeddedController(config, log) });
  return {
    name: "namesrv",
    async start() {
      const bound = await namesrv.start().catch((e: unknown) => {
        throw explainListenFailure(e, { role: "namesrv", ...port });
      });
      log.info(`name server listening on port ${bound}`);
      say(NAMESRV_BOOT_MESSAGE);
    },
    stop: () => namesrv.stop(),
  };
}

/** The broker, and the console beside it when consoleEnable; both see one metrics registry. With
 *  ACL on the console's pages ask for a login; its dashboard's background reads sign with the keys
 *  `mq console` finds in the environment (MQ_ACCESS_KEY, tools.yml). */
export function brokerServices(config: BrokerConfig, log: Logger): Service[] {
  const metrics = brokerRegistry(config);
  const broker = newBroker(config, log, metrics);
  const service = brokerService(config, log, broker);
  if (!config.consoleEnable) return [service];
  const credentials = consoleCredentials(log);
  const aclOn = config.aclEnable || config.authenticationEnabled;
  if (credentials === undefined && aclOn) log.warn(UNSIGNED_CONSOLE_WARNING);
  const keys = credentials === undefined ? config : { ...config, credentials };
  return [service, consoleService(keys, log, {
    metrics, readiness: () => broker.readiness(), ...(config.aclEnable ? { aclFile: aclFilePath(config) } : {}),
  })];
}

/** Keys the optional console cannot use (half a pair, a tools.yml that does not parse) do not stop the broker. */
function consoleCredentials(log: Logger): Credentials | undefined {
  try {
    return credentialsOf({});
  } catch (e) {
    log.warn(`the console beside this broker signs nothing: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

const UNSIGNED_CONSOLE_WARNING = "the console beside this broker has no ACL keys, so the broker refuses its dashboard's " +
  "background reads (its pages ask for a login): start with MQ_ACCESS_KEY and MQ_SECRET_KEY set to an account that may read " +
  "(or $ROCKETMQ_HOME/conf/tools.yml), or run mq console --access-key K --secret-key S";

/** In controller mode the agent runs the Broker in the role the controller gives it. */
function newBroker(config: BrokerConfig, log: Logger, metrics: MetricsRegistry): Broker | ControllerAgent {
  return config.enableControllerMode ? new ControllerAgent({ ...config, log, metrics }) : new Broker({ ...config, log, metrics });
}

export function brokerService(config: BrokerConfig, log: Logger, broker = newBroker(config, log, brokerRegistry(config))): Service {
  return {
    name: "broker",
    async start() {
      await broker.start().catch((e: unknown) => {
        throw explainListenFailure(e, { role: "broker", ...LISTEN_PORT });
      });
      say(broker.bootMessage());
      if (broker.metricsPromPort > 0) say(`The metrics are at http://${config.metricsPromExporterHost || config.brokerIP1}:${broker.metricsPromPort}/metrics`);
      const warning = advertisedAddressProblem(config.brokerIP1);
      if (warning !== undefined) log.warn(warning);
      log.info(`clients and name servers will connect to ${broker.brokerAddr}: ${explainAddress(config.brokerIP1)}`);
    },
    stop: () => broker.stop(),
  };
}

/** Where the advertised address came from, in words (a guess is named as one). */
function explainAddress(ip: string): string {
  if (ip !== firstLocalIPv4()) return "brokerIP1 as configured";
  const iface = Object.entries(networkInterfaces()).find(([, list]) => list?.some((a) => a.address === ip))?.[0];
  return `brokerIP1 is the first non-internal IPv4 address${iface ? ` (interface ${iface})` : ""} unless configured; ` +
    "set brokerIP1 if clients reach this machine by another address";
}

/** Why brokerIP1 may be unreachable, or undefined when it is an address of this machine. */
export function advertisedAddressProblem(ip: string): string | undefined {
  if (ip.startsWith("127.")) return undefined;
  const local = Object.values(networkInterfaces()).flat().map((i) => i?.address);
  if (local.includes(ip)) return undefined;
  return `brokerIP1=${ip} is not an address of this machine (${local.filter(Boolean).join(", ")}); ` +
    "clients will fail to connect unless it is forwarded here";
}
