// `mq admin` subcommands for groups and topic housekeeping, with mqadmin's names, flags and
// output: deleteSubGroup, cloneGroupOffset, skipAccumulatedMessage, topicClusterList,
// updateTopicPerm.
import * as admin from "../admin/index.ts";
import { ResponseCode } from "../common/index.ts";
import { printJson, targetOf, wantsJson } from "./admin-config.ts";
import { bool, int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import { printf } from "./printf.ts";

const deleteSubGroup: Subcommand = {
  name: "deleteSubGroup", description: "Delete subscription group from broker",
  usage: "-g <groupName> (-b <brokerAddr> | -c <clusterName>) [-r <removeOffset: true|false>] [--json]",
  async run(ctx, o, io) {
    const group = need(o, "g", "groupName");
    const target = targetOf(o);
    const addrs = await admin.deleteSubGroup(ctx, group, target, bool(o, "r", false));
    if (target.brokerAddr === undefined && target.cluster !== undefined) await admin.deleteGroupTopics(ctx, group, target.cluster);
    if (wantsJson(o)) return printJson(io, { group, brokers: addrs });
    for (const addr of addrs) {
      io.out(target.brokerAddr !== undefined ? printf("delete subscription group [%s] from broker [%s] success.%n", group, addr)
        : printf("delete subscription group [%s] from broker [%s] in cluster [%s] success.%n", group, addr, target.cluster ?? ""));
    }
  },
};

const cloneGroupOffset: Subcommand = {
  name: "cloneGroupOffset", description: "Clone offset from other group",
  usage: "-s <srcGroup> -d <destGroup> -t <topic> [-o <offline>] [--json]",
  async run(ctx, o, io) {
    const [src, dest, topic] = [need(o, "s", "srcGroup"), need(o, "d", "destGroup"), need(o, "t", "topic")];
    const queues = await admin.cloneGroupOffset(ctx, src, dest, topic);
    if (wantsJson(o)) return printJson(io, { srcGroup: src, destGroup: dest, topic, queues });
    io.out(printf("clone group offset success. srcGroup[%s], destGroup=[%s], topic[%s]%n", src, dest, topic));
  },
};

const skipAccumulatedMessage: Subcommand = {
  name: "skipAccumulatedMessage", description: "Skip all messages that are accumulated (not consumed) currently",
  usage: "-g <group> -t <topic> [-f <force: true|false>] [-c <clusterName>] [--json]",
  async run(ctx, o, io) {
    const [group, topic] = [need(o, "g", "group"), need(o, "t", "topic")];
    const rows = await admin.resetOffsetByTime(ctx, group, topic, -1, bool(o, "f", true));
    if (wantsJson(o)) return printJson(io, rows);
    io.out(printf("%-40s  %-40s  %-40s%n", "#brokerName", "#queueId", "#offset"));
    for (const r of rows) io.out(printf("%-40s  %-40d  %-40d%n", r.brokerName.slice(0, 32), r.queueId, r.offset));
  },
};

const topicClusterList: Subcommand = {
  name: "topicClusterList", description: "Get cluster info for topic", usage: "-t <topic> [--json]",
  async run(ctx, o, io) {
    const clusters = await admin.topicClusterList(ctx, need(o, "t", "topic"));
    if (wantsJson(o)) return printJson(io, clusters);
    for (const c of clusters) io.out(`${c}\n`);
  },
};

const updateTopicPerm: Subcommand = {
  name: "updateTopicPerm", description: "Update topic perm",
  usage: "-t <topic> -p <perm: 2 W | 4 R | 6 RW> (-b <brokerAddr> | -c <clusterName>) [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const perm = int(o, "p", -1);
    if (![2, 4, 6].includes(perm)) throw new UsageError("-p perm must be 2 (write), 4 (read) or 6 (read and write)");
    const target = targetOf(o);
    const changes = await admin.updateTopicPerm(ctx, topic, perm, target);
    if (changes.length === 0) {
      throw new admin.AdminError(ResponseCode.TOPIC_NOT_EXIST, `updateTopicPerm error broker not exit or broker is not master! (no master ${str(o, "b") ?? `of cluster ${target.cluster}`} holds topic ${topic})`, "");
    }
    if (wantsJson(o)) return printJson(io, changes);
    for (const c of changes) {
      if (!c.changed) io.out(printf("new perm equals to the old one!%n"));
      else io.out(printf("update topic perm from %s to %s in %s success.%n", c.oldPerm, perm, c.addr));
    }
  },
};

export const groupSubcommands: readonly Subcommand[] = [deleteSubGroup, cloneGroupOffset, skipAccumulatedMessage, topicClusterList, updateTopicPerm];
