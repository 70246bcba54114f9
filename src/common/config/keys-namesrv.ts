// Name server keys from RocketMQ's NamesrvConfig, plus mq's brokerChannelExpiredTime.
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { bool, int, long, str } from "./spec.ts";

export const namesrvKeys = {
  listenPort: int(9876, "remoting port brokers and clients connect to", { min: 0, max: 65535 }),
  kvConfigPath: str(() => join(homedir(), "namesrv", "kvConfig.json"), "where KV config (ORDER_TOPIC_CONFIG …) is kept",
    { defaultText: "~/namesrv/kvConfig.json", min: 1 }),
  orderMessageEnable: bool(false, "serve ORDER_TOPIC_CONFIG entries from the KV config with routes"),
  enableControllerInNamesrv: bool(false, "run the controller (automatic failover) in this NameServer, on its listenPort"),
  scanNotActiveBrokerInterval: long(5000, "period of the scan for silent brokers", { unit: "ms", min: 100 }),
  // RocketMQ hard-codes this (BROKER_CHANNEL_EXPIRED_TIME); mq makes it a key so tests can shorten it.
  brokerChannelExpiredTime: long(120_000, "drop the routes of a broker silent this long", { unit: "ms", min: 100 }),
  configStorePath: str((c) => join(dirname(String(c.kvConfigPath)), "namesrv.properties"),
    "where UPDATE_NAMESRV_CONFIG's run-time changes are kept (read back at start)", { defaultText: "namesrv.properties beside kvConfigPath" }),
  adminAllowedAddresses: str("", "addresses, comma separated, allowed to change KV config, write perms and the config besides this machine's own addresses ('*': anyone)"),
  productEnvName: str("center", "mq has no environment names", { ignored: true }),
  clusterTest: bool(false, "mq has no test-cluster routing", { ignored: true }),
} as const;
