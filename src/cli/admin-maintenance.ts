// `mq admin` subcommands for store upkeep and inspection, with mqadmin's names, flags and output:
// cleanExpiredCQ, cleanUnusedTopic, deleteExpiredCommitLog (on -b's broker, -c's masters, or every
// master), queryCq, getConsumerConfig. mqadmin prints "success" or "false"; a failure here exits 1.
import * as admin from "../admin/index.ts";
import { RequestCode, ResponseCode } from "../common/index.ts";
import { printJson, wantsJson } from "./admin-config.ts";
import { int, need, str, UsageError, type Subcommand } from "./admin-options.ts";
import type { Options } from "./command.ts";
import { printf } from "./printf.ts";

const anyTarget = (o: Options): admin.BrokerTarget => ({ brokerAddr: str(o, "b"), cluster: str(o, "c") });

const upkeep = (name: string, description: string, code: admin.UpkeepCode): Subcommand => ({
  name, description, usage: "[-b <brokerAddr> | -c <clusterName>] [--json]   (neither: every master of every cluster)",
  async run(ctx, o, io) {
    const addrs = await admin.brokerUpkeep(ctx, code, anyTarget(o));
    if (wantsJson(o)) return printJson(io, { success: true, brokers: addrs });
    io.out("success\n");
  },
});

/** Java's ConsumeQueueData.toString, as mqadmin queryCq prints each entry. */
function entryText(e: admin.ConsumeQueueEntry): string {
  const q = (v: string | undefined) => `'${v ?? "null"}'`;
  return `ConsumeQueueData{physicOffset=${e.physicOffset}, physicSize=${e.physicSize}, tagsCode=${e.tagsCode}, ` +
    `extendDataJson=${q(e.extendDataJson)}, bitMap=${q(e.bitMap)}, eval=${e.eval}, msg=${q(e.msg)}}`;
}

const LINE = "======================================\n";

const queryCq: Subcommand = {
  name: "queryCq", description: "Query cq command",
  usage: "-t <topic> -q <queueId> -i <index> [-c <count, 10>] [-b <brokerAddr>] [-g <consumerGroup>] [--json]",
  async run(ctx, o, io) {
    const topic = need(o, "t", "topic");
    const [queueId, index] = [int(o, "q", -1), int(o, "i", -1)];
    if (queueId < 0) throw new UsageError("-q queueId is required");
    if (index < 0) throw new UsageError("-i index (the first queue offset to show) is required");
    const view = await admin.queryConsumeQueue(ctx, { topic, queueId, index, count: int(o, "c", 10), brokerAddr: str(o, "b"), consumerGroup: str(o, "g") });
    if (wantsJson(o)) return printJson(io, view);
    if (view.subscriptionData !== undefined) io.out(`Subscription data: \n${JSON.stringify(view.subscriptionData, null, "\t")}\n${LINE}`);
    if (view.filterData !== undefined) io.out(`Filter data: \n${view.filterData}\n${LINE}`);
    io.out(printf("Queue data: %nmax: %d, min: %d%n", view.maxQueueIndex, view.minQueueIndex));
    io.out(LINE);
    view.queueData.forEach((e, i) => io.out(`idx: ${index + i}\n${entryText(e)}\n${LINE}`));
  },
};

const getConsumerConfig: Subcommand = {
  name: "getConsumerConfig", description: "Get consumer config by subscription group name", usage: "-g <groupName> [--json]",
  async run(ctx, o, io) {
    const group = need(o, "g", "groupName");
    const found = await admin.getConsumerConfig(ctx, group);
    if (wantsJson(o)) return printJson(io, found);
    if (found.length === 0) throw new admin.AdminError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group ${group} is on no broker; create it with mq admin updateSubGroup -g ${group}`, "");
    for (const f of found) {
      io.out(printf("=============================%s:%s=============================%n", f.cluster, f.brokerName));
      for (const [k, v] of Object.entries(f.config)) io.out(printf("%-40s=  %s%n", k, v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)));
    }
  },
};

export const maintenanceSubcommands: readonly Subcommand[] = [
  upkeep("cleanExpiredCQ", "Clean expired ConsumeQueue on broker", RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE),
  upkeep("deleteExpiredCommitLog", "Delete expired CommitLog files", RequestCode.DELETE_EXPIRED_COMMITLOG),
  upkeep("cleanUnusedTopic", "Clean unused topic on broker", RequestCode.CLEAN_UNUSED_TOPIC),
  queryCq, getConsumerConfig,
];
