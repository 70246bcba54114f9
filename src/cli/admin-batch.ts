// mqadmin 5.x's updateTopicList and updateSubGroupList (-f: a JSON array of TopicConfig or
// SubscriptionGroupConfig, as exportMetadata's tables hold them) and resetMasterFlushOffset, with
// its flags and lines. Unlike mqadmin, a missing file exits non-zero. (After a -c run mqadmin
// also prints its usage text; mq does not.)
import { existsSync, readFileSync } from "node:fs";
import * as admin from "../admin/index.ts";
import { printJson, wantsJson } from "./admin-config.ts";
import { brokerTarget, need, type Subcommand } from "./admin-options.ts";
import type { Io, Options } from "./command.ts";
import { printf } from "./printf.ts";

function fileText(o: Options): { file: string; text: string } {
  const file = need(o, "f", "filename");
  if (!existsSync(file)) throw new Error(`the file path ${file} does not exists`);
  return { file, text: readFileSync(file, "utf8") };
}

function submitted(o: Options, io: Io, addrs: string[], line: (addr: string) => string, names: string[]): void {
  if (wantsJson(o)) return printJson(io, { brokers: addrs, submitted: names });
  for (const addr of addrs) io.out(line(addr));
}

const updateTopicList: Subcommand = {
  name: "updateTopicList", description: "create or update topic in batch",
  usage: "(-b <brokerAddr> | -c <clusterName>) -f <file: JSON array of TopicConfig> [--json]",
  async run(ctx, o, io) {
    const target = brokerTarget(o);
    const { file, text } = fileText(o);
    const topics = admin.topicConfigsOfFile(text, file);
    if (topics.length === 0) return io.err(`mq admin updateTopicList: ${file} holds no topic config; nothing sent\n`);
    const addrs = await admin.updateTopicList(ctx, topics, target);
    submitted(o, io, addrs, (addr) => printf("submit batch of topic config to %s success, please check the result later.%n", addr), topics.map((t) => t.topicName));
  },
};

const updateSubGroupList: Subcommand = {
  name: "updateSubGroupList", description: "Update or create subscription group in batch",
  usage: "(-b <brokerAddr> | -c <clusterName>) -f <file: JSON array of SubscriptionGroupConfig> [--json]",
  async run(ctx, o, io) {
    const target = brokerTarget(o);
    const { file, text } = fileText(o);
    const groups = admin.groupConfigsOfFile(text, file);
    if (groups.length === 0) return io.err(`mq admin updateSubGroupList: ${file} holds no group config; nothing sent\n`);
    const addrs = await admin.updateSubGroupList(ctx, groups, target);
    const what = target.brokerAddr !== undefined ? "group config" : "subscription group config";
    submitted(o, io, addrs, (addr) => printf("submit batch of %s to %s success, please check the result later.%n", what, addr), groups.map((g) => String(g.groupName)));
  },
};

const resetMasterFlushOffset: Subcommand = {
  name: "resetMasterFlushOffset", description: "Reset master flush offset in slave.",
  usage: "-b <brokerAddr (a slave)> -o <offset> [--json]",
  async run(ctx, o, io) {
    const brokerAddr = need(o, "b", "brokerAddr");
    const raw = need(o, "o", "offset");
    const offset = Number(raw);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`-o must be a commitlog offset (an integer >= 0), got ${raw}`);
    await admin.resetMasterFlushOffset(ctx, brokerAddr, offset);
    if (wantsJson(o)) return printJson(io, { brokerAddr, masterFlushOffset: offset });
    io.out(printf("reset master flush offset to %d success%n", offset));
  },
};

export const batchSubcommands: readonly Subcommand[] = [updateTopicList, updateSubGroupList, resetMasterFlushOffset];
