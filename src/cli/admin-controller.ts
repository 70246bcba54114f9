// The controller subcommands of mqadmin 5.x, with its names, flags and output lines:
//   getSyncStateSet -a controller (-b brokerName | -c cluster)
//   getControllerMetaData -a controller
//   getControllerConfig -a controller[;controller]
//   updateControllerConfig -a controller[;controller] -k key -v value
//   electMaster -a controller -c cluster -bn brokerName -b brokerId
//   cleanBrokerMetadata -a controller -bn brokerName [-b id;id] [-c cluster] [-l]
//   getBrokerEpoch (-b brokerName | -c cluster)      (asks the brokers, found through -n)
import * as admin from "../admin/index.ts";
import type { ReplicaIdentity } from "../common/index.ts";
import { int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { printf } from "./printf.ts";

const identity = (r: ReplicaIdentity): string =>
  `ReplicaIdentity{brokerName='${r.brokerName}', brokerId=${r.brokerId}, brokerAddress='${r.brokerAddress}', alive=${r.alive}}`;

function groupTarget(o: Parameters<Subcommand["run"]>[1]): { brokerName?: string; cluster?: string } {
  const target = { brokerName: str(o, "b"), cluster: str(o, "c") };
  if (target.brokerName === undefined && target.cluster === undefined) throw new UsageError("-b brokerName or -c clusterName is required");
  return target;
}

const getSyncStateSet: Subcommand = {
  name: "getSyncStateSet", description: "Fetch syncStateSet for target brokers.", usage: "-a <controllerAddress> (-b <brokerName> | -c <clusterName>)",
  needsNamesrv: false,
  async run(ctx, o, io) {
    const addr = need(o, "a", "controllerAddress");
    for (const [name, g] of Object.entries(await admin.syncStateSets(ctx, addr, groupTarget(o)))) {
      io.out(printf("%n#brokerName\t%s%n#MasterBrokerId\t%s%n#MasterAddr\t%s%n#MasterEpoch\t%d%n#SyncStateSetEpoch\t%d%n#SyncStateSetNums\t%d%n",
        name, String(g.masterBrokerId ?? "null"), g.masterAddress ?? "null", g.masterEpoch, g.syncStateSetEpoch, g.inSyncReplicas.length));
      for (const r of g.inSyncReplicas) io.out(printf("%nInSyncReplica:\t%s%n", identity(r)));
      for (const r of g.notInSyncReplicas) io.out(printf("%nNotInSyncReplica:\t%s%n", identity(r)));
    }
  },
};

const getControllerMetaData: Subcommand = {
  name: "getControllerMetaData", description: "Get controller cluster's metadata.", usage: "-a <controllerAddress>", needsNamesrv: false,
  async run(ctx, o, io) {
    const m = await admin.controllerMetaData(ctx, need(o, "a", "controllerAddress"));
    let text = printf("%n#ControllerGroup\t%s%n#ControllerLeaderId\t%s%n#ControllerLeaderAddress\t%s", m.group, m.controllerLeaderId, m.controllerLeaderAddress);
    for (const peer of m.peers) text += printf("%n#Peer:\t%s", peer);
    io.out(`${text}\n`);
  },
};

const getControllerConfig: Subcommand = {
  name: "getControllerConfig", description: "Get controller config.", usage: "-a <controllerAddress;controllerAddress>", needsNamesrv: false,
  async run(ctx, o, io) {
    for (const [addr, text] of await admin.controllerConfigs(ctx, admin.controllerAddrsOf(need(o, "a", "controllerAddress")))) {
      io.out(printf("============%s============%n", addr));
      for (const line of text.split("\n").filter(Boolean)) {
        const eq = line.indexOf("=");
        io.out(printf("%-50s=  %s%n", line.slice(0, eq), line.slice(eq + 1)));
      }
    }
  },
};

const updateControllerConfig: Subcommand = {
  name: "updateControllerConfig", description: "Update controller config.", usage: "-a <controllerAddress;controllerAddress> -k <key> -v <value>",
  needsNamesrv: false,
  async run(ctx, o, io) {
    const addrs = admin.controllerAddrsOf(need(o, "a", "controllerAddress"));
    // The parser reads "-v true" as the boolean: the value is "true" then.
    const [key, value] = [need(o, "k", "key"), o.v === true ? "true" : need(o, "v", "value")];
    await admin.updateControllerConfig(ctx, addrs, key, value);
    io.out(printf("update controller config success!%s%n%s : %s%n", `[${addrs.join(", ")}]`, key, value));
  },
};

const electMaster: Subcommand = {
  name: "electMaster", description: "Re-elect the specified broker as master.",
  usage: "-a <controllerAddress> -c <clusterName> -bn <brokerName> -b <brokerId>", needsNamesrv: false,
  async run(ctx, o, io) {
    const addr = need(o, "a", "controllerAddress");
    const cluster = need(o, "c", "clusterName");
    const brokerName = need(o, "brokerName", "(-bn) brokerName");
    const brokerId = int(o, "b", -1);
    if (brokerId < 0) throw new UsageError("-b brokerId is required");
    const r = await admin.electMaster(ctx, addr, cluster, brokerName, brokerId);
    io.out(printf("%n#ClusterName\t%s%n#BrokerName\t%s%n#BrokerMasterAddr\t%s%n#MasterEpoch\t%s%n#SyncStateSetEpoch\t%s%n",
      cluster, brokerName, r.info.masterAddress ?? "null", String(r.info.masterEpoch), String(r.info.syncStateSetEpoch)));
    for (const [id, brokerAddr] of Object.entries(r.brokerAddrs)) io.out(printf("\t#Broker\t%d\t%s%n", Number(id), brokerAddr));
  },
};

const cleanBrokerMetadata: Subcommand = {
  name: "cleanBrokerMetadata", description: "Clean metadata of broker on controller.",
  usage: "-a <controllerAddress> -bn <brokerName> [-b <brokerControllerIdsToClean, eg 1;2;3>] [-c <clusterName>] [-l (cleanLivingBroker)]",
  needsNamesrv: false,
  async run(ctx, o, io) {
    const addr = need(o, "a", "controllerAddress");
    const brokerName = need(o, "brokerName", "(-bn) brokerName");
    const cleanLivingBroker = o.l !== undefined;
    const clusterName = str(o, "c");
    if (!cleanLivingBroker && (clusterName === undefined || clusterName === "")) {
      throw new UsageError("cleanLivingBroker option is false, clusterName option can not be empty.");
    }
    await admin.cleanBrokerMetadata(ctx, addr, { clusterName, brokerName, brokerControllerIdsToClean: str(o, "b"), cleanLivingBroker });
    io.out(printf("clear broker %s metadata from controller success! %n", brokerName));
  },
};

const getBrokerEpoch: Subcommand = {
  name: "getBrokerEpoch", description: "Fetch broker epoch entries.", usage: "-b <brokerName> | -c <clusterName>",
  async run(ctx, o, io) {
    for (const [addr, cache] of await admin.brokerEpochs(ctx, groupTarget(o))) {
      let text = printf("%n#clusterName\t%s%n#brokerName\t%s%n#brokerAddr\t%s%n#brokerId\t%d", cache.clusterName, cache.brokerName, addr, cache.brokerId);
      cache.epochList.forEach((e, i) => {
        const end = i === cache.epochList.length - 1 ? cache.maxOffset : e.endOffset;
        text += printf("%n#Epoch: EpochEntry{epoch=%d, startOffset=%d, endOffset=%d}", e.epoch, e.startOffset, end);
      });
      io.out(`${text}\n`);
    }
  },
};

export const controllerSubcommands: readonly Subcommand[] = [
  getSyncStateSet, getControllerMetaData, getControllerConfig, updateControllerConfig, electMaster, cleanBrokerMetadata, getBrokerEpoch,
];
