// `mq admin` subcommands for configuration and the name servers' shared state, with mqadmin's
// names, flags and output: getBrokerConfig, updateBrokerConfig, getNamesrvConfig,
// updateNamesrvConfig, updateKvConfig, deleteKvConfig, wipeWritePerm, addWritePerm. With --json
// each prints one JSON document instead.
import * as admin from "../admin/index.ts";
import { bool, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Io, Options } from "./command.ts";
import { printf } from "./printf.ts";

/** --json: the subcommand prints its result as one JSON document (for scripts). */
export const wantsJson = (o: Options): boolean => o.json === true;
export const printJson = (io: Io, value: unknown): void => io.out(`${JSON.stringify(value, null, 2)}\n`);

export const targetOf = (o: Options): admin.BrokerTarget => {
  const t = { brokerAddr: str(o, "b"), cluster: str(o, "c") };
  if (t.brokerAddr === undefined && t.cluster === undefined) throw new UsageError("-b brokerAddr or -c clusterName is required");
  return t;
};

const configRows = (entries: admin.ConfigEntries): string => entries.map(([k, v]) => printf("%-50s=  %s%n", k, v)).join("");

const getBrokerConfig: Subcommand = {
  name: "getBrokerConfig", description: "Get broker config by cluster or special broker",
  usage: "(-b <brokerAddr> | -c <clusterName>) [--json]",
  async run(ctx, o, io) {
    const configs = await admin.getBrokerConfig(ctx, targetOf(o));
    if (wantsJson(o)) return printJson(io, configs.map((c) => ({ ...c, entries: Object.fromEntries(c.entries) })));
    for (const c of configs) {
      const title = c.role === "broker" ? c.addr : c.role === "master" ? `Master: ${c.addr}` : `My Master: ${c.master}=====Slave: ${c.addr}`;
      io.out(`============${title}============\n${configRows(c.entries)}\n`);
    }
  },
};

const updateBrokerConfig: Subcommand = {
  name: "updateBrokerConfig", description: "Update broker's config",
  usage: "-k <key> -v <value> (-b <brokerAddr> | -c <clusterName> [-a <updateAllBroker: slaves too>]) [--json]",
  async run(ctx, o, io) {
    const [key, value] = [need(o, "k", "key"), need(o, "v", "value")];
    const addrs = await admin.updateBrokerConfig(ctx, targetOf(o), key, value, o.a !== undefined && bool(o, "a", false));
    if (wantsJson(o)) return printJson(io, { key, value, brokers: addrs });
    for (const addr of addrs) io.out(printf("update broker config success, %s%n", addr));
  },
};

const getNamesrvConfig: Subcommand = {
  name: "getNamesrvConfig", description: "Get configs of name server", usage: "[--json]",
  async run(ctx, o, io) {
    const configs = await admin.getNamesrvConfig(ctx);
    if (wantsJson(o)) return printJson(io, configs.map((c) => ({ addr: c.addr, entries: Object.fromEntries(c.entries) })));
    for (const c of configs) io.out(`============${c.addr}============\n${configRows(c.entries)}`);
  },
};

const updateNamesrvConfig: Subcommand = {
  name: "updateNamesrvConfig", description: "Update configs of name server", usage: "-k <key> -v <value> [--json]",
  async run(ctx, o, io) {
    const [key, value] = [need(o, "k", "key"), need(o, "v", "value")];
    const addrs = await admin.updateNamesrvConfig(ctx, key, value);
    if (wantsJson(o)) return printJson(io, { key, value, namesrvs: addrs });
    io.out(printf("update name server config success!%s%n%s : %s%n", `[${addrs.join(", ")}]`, key, value));
  },
};

const updateKvConfig: Subcommand = {
  name: "updateKvConfig", description: "Create or update KV config", usage: "-s <namespace> -k <key> -v <value> [--json]",
  async run(ctx, o, io) {
    const [namespace, key, value] = [need(o, "s", "namespace"), need(o, "k", "key"), need(o, "v", "value")];
    const addrs = await admin.updateKvConfig(ctx, namespace, key, value);
    if (wantsJson(o)) return printJson(io, { namespace, key, value, namesrvs: addrs });
    io.out(printf("create or update kv config to namespace success.%n"));
  },
};

const deleteKvConfig: Subcommand = {
  name: "deleteKvConfig", description: "Delete KV config", usage: "-s <namespace> -k <key> [--json]",
  async run(ctx, o, io) {
    const [namespace, key] = [need(o, "s", "namespace"), need(o, "k", "key")];
    const addrs = await admin.deleteKvConfig(ctx, namespace, key);
    if (wantsJson(o)) return printJson(io, { namespace, key, namesrvs: addrs });
    io.out(printf("delete kv config from namespace success.%n"));
  },
};

const writePerm = (writable: boolean): Subcommand => ({
  name: writable ? "addWritePerm" : "wipeWritePerm",
  description: `${writable ? "Add" : "Wipe"} write perm of broker in all name server you defined in the -n param`,
  usage: "-b <brokerName> [--json]",
  async run(ctx, o, io) {
    const brokerName = need(o, "b", "brokerName");
    const results = await admin.setWritePerm(ctx, brokerName, writable);
    if (wantsJson(o)) return printJson(io, { brokerName, results });
    for (const r of results) {
      io.out(printf("%s write perm of broker[%s] in name server[%s] OK, %d%n", writable ? "add" : "wipe", brokerName, r.namesrvAddr, r.topicCount));
    }
  },
});

export const configSubcommands: readonly Subcommand[] = [
  updateBrokerConfig, getBrokerConfig, getNamesrvConfig, updateNamesrvConfig, updateKvConfig, deleteKvConfig, writePerm(false), writePerm(true),
];
