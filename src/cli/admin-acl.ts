// mqadmin's ACL 1.0 subcommands (rocketmq-tools 4.9): updateAclConfig, deleteAclConfig,
// updateGlobalWhiteAddr, clusterAclConfigVersion, with its flags and lines. mqadmin prints the
// account it sent, secret included; mq prints it without the secret.
import * as admin from "../admin/index.ts";
import type { Options } from "./command.ts";
import { bool, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { formatDateMs, printf } from "./printf.ts";

const target = (o: Options): admin.BrokerTarget => {
  const t = { brokerAddr: str(o, "b"), cluster: str(o, "c") };
  if (t.brokerAddr === undefined && t.cluster === undefined) throw new UsageError("-b brokerAddr or -c clusterName is required");
  return t;
};
const list = (o: Options, k: string): string[] | undefined => str(o, k)?.split(",").map((s) => s.trim()).filter((s) => s !== "");

function accountText(c: admin.AccessConfig): string {
  return `PlainAccessConfig{accessKey='${c.accessKey}', whiteRemoteAddress='${c.whiteRemoteAddress ?? ""}', admin=${c.admin ?? false}, ` +
    `defaultTopicPerm='${c.defaultTopicPerm ?? ""}', defaultGroupPerm='${c.defaultGroupPerm ?? ""}', ` +
    `topicPerms=[${(c.topicPerms ?? []).join(", ")}], groupPerms=[${(c.groupPerms ?? []).join(", ")}]}` +
    (c.secretKey === undefined ? "" : " (secretKey set, not shown)");
}

const updateAclConfig: Subcommand = {
  name: "updateAclConfig", description: "Update acl config yaml file in broker",
  usage: "-a <accessKey> (-b <brokerAddr> | -c <clusterName>) [-s <secretKey>] [-w <whiteRemoteAddress>] [-i <defaultTopicPerm>] " +
    "[-u <defaultGroupPerm>] [-t <topicA=PUB,topicB=SUB>] [-g <groupA=SUB>] [-m <admin true|false>]",
  async run(ctx, o, io) {
    const config: admin.AccessConfig = { accessKey: need(o, "a", "accessKey"), admin: bool(o, "m", false) };
    const fields = { secretKey: "s", whiteRemoteAddress: "w", defaultTopicPerm: "i", defaultGroupPerm: "u" } as const;
    for (const [field, letter] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
      const v = str(o, letter);
      if (v !== undefined) config[field] = v;
    }
    const topicPerms = list(o, "t");
    if (topicPerms !== undefined) config.topicPerms = topicPerms;
    const groupPerms = list(o, "g");
    if (groupPerms !== undefined) config.groupPerms = groupPerms;
    for (const addr of await admin.updateAclConfig(ctx, config, target(o))) {
      io.out(printf("create or update plain access config to %s success.%n", addr));
    }
    io.out(`${accountText(config)}\n`);
  },
};

const deleteAclConfig: Subcommand = {
  name: "deleteAclConfig", description: "Delete Acl Config Account in broker",
  usage: "-a <accessKey> (-b <brokerAddr> | -c <clusterName>)",
  async run(ctx, o, io) {
    const accessKey = need(o, "a", "accessKey");
    for (const addr of await admin.deleteAclConfig(ctx, accessKey, target(o))) {
      io.out(printf("delete plain access config account from %s success.%n", addr));
    }
    io.out(printf("account's accesskey is:%s%n", accessKey));
  },
};

const updateGlobalWhiteAddr: Subcommand = {
  name: "updateGlobalWhiteAddr", description: "Update global white address for acl Config File in broker",
  usage: "-g <10.10.103.*,192.168.0.*> (-b <brokerAddr> | -c <clusterName>) [-p <aclFileFullPath>]",
  async run(ctx, o, io) {
    const addresses = list(o, "g");
    if (addresses === undefined) throw new UsageError("-g globalWhiteRemoteAddresses is required");
    for (const addr of await admin.updateGlobalWhiteAddrs(ctx, addresses, target(o), str(o, "p"))) {
      io.out(printf("update global white remote addresses to %s success.%n", addr));
    }
  },
};

const clusterAclConfigVersion: Subcommand = {
  name: "clusterAclConfigVersion", description: "List all of acl config version information in cluster",
  usage: "-b <brokerAddr> | -c <clusterName>",
  async run(ctx, o, io) {
    const f = "%-16s  %-22s  %-22s  %-20s  %-22s  %-22s%n";
    io.out(printf(f, "#Cluster Name", "#Broker Name", "#Broker Addr", "#AclFilePath", "#AclConfigVersionNum", "#AclLastUpdateTime"));
    for (const r of await admin.aclConfigVersions(ctx, target(o))) {
      io.out(printf(f, r.clusterName, r.brokerName, r.brokerAddr, r.aclFile, String(r.counter), formatDateMs(r.timestampMs)));
    }
    io.out(printf(o.b !== undefined ? "get broker's plain access config version success.%n" : "get cluster's plain access config version success.%n"));
  },
};

export const aclSubcommands: readonly Subcommand[] = [updateAclConfig, deleteAclConfig, updateGlobalWhiteAddr, clusterAclConfigVersion];
