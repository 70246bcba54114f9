// The real mqadmin's steps against one broker (test/compat/java/admin/src/mqadmin/Runner.java):
// each step's name, what it shows, the step (a subcommand and its flags, or a runner helper
// starting with @), and the rows its output must hold. Topic <prefix>_t, group <prefix>_g.
import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import type { Observed } from "./scenario-run.ts";

export interface AdminStep {
  name: string;
  /** Without a behaviour the step only prepares (a capture); its result is not a test. */
  behaviour?: string;
  step: string[];
  check?: (out: string) => void;
  /** The runner's exit status expected (default 0); 1 when mqadmin's execute() throws on a refusal. */
  exit?: number;
}

/**
 * Request codes the real mqadmin sends that mq answers "not supported" today, each with the
 * steps that meet it. Any other code is a failure. (Issue 16 served the last one, 300
 * QUERY_TOPIC_CONSUME_BY_WHO, which queryMsgById and its siblings ask after the message.)
 */
export const LATER_CODES = new Set<number>();

/** The request codes an output reports as "not supported". */
export function unsupportedCodes(out: string): number[] {
  return [...out.matchAll(/request type (\d+) not supported/g)].map((m) => Number(m[1]));
}

const rows = (out: string, re: RegExp): RegExpMatchArray[] => [...out.matchAll(new RegExp(re.source, "gm"))];
const sum = (ms: RegExpMatchArray[], group: number): number => ms.reduce((n, m) => n + Number(m[group]), 0);
const ADDR = String.raw`127\.0\.0\.1:\d+`;

/** The steps for rocketmq-tools `version` (4.9.8 or 5.x); mqadmin's own flags differ a little between them. */
export function adminSteps(prefix: string, version: string): AdminStep[] {
  const t = `${prefix}_t`;
  const g = `${prefix}_g`;
  const pg = `${prefix}_pg`;
  const v5 = !version.startsWith("4.");
  const clientVersion = `V${version.replaceAll(".", "_")}`;
  /** The version a broker reports: mq says V4_9_8, Apache RocketMQ its own. */
  const brokerVersion = String.raw`V\d+_\d+_\d+`;
  const sent = (out: string) => expect(out).toMatch(/^broker-a\s+\d\s+SEND_OK\s+[0-9A-F]{32,}\s*$/m);
  return [
    { name: "updateTopic", behaviour: "creates the topic with 4 queues on broker-a", step: ["updateTopic", "-c", "DefaultCluster", "-t", t, "-r", "4", "-w", "4"],
      check: (out) => expect(out).toMatch(new RegExp(`create topic to ${ADDR} success\\.`)) },
    { name: "topicList", behaviour: "lists the new topic and the system topics", step: ["topicList"],
      check: (out) => expect(out.split("\n")).toEqual(expect.arrayContaining([t, "TBW102", "RMQ_SYS_TRACE_TOPIC"])) },
    { name: "topicRoute", behaviour: "shows broker-a with 4 read and 4 write queues, perm 6", step: ["topicRoute", "-t", t],
      check: (out) => {
        for (const field of [`"brokerName":"broker-a"`, `"cluster":"DefaultCluster"`, `"readQueueNums":4`, `"writeQueueNums":4`, `"perm":6`]) expect(out).toContain(field);
      } },
    { name: "topicClusterList", behaviour: "names DefaultCluster", step: ["topicClusterList", "-t", t], check: (out) => expect(out.trim()).toBe("DefaultCluster") },
    { name: "clusterList", behaviour: "shows broker-a, id 0, its address and version (5.x: activated, no page-cache wait)", step: ["clusterList"],
      check: (out) => {
        expect(out).toMatch(new RegExp(`^DefaultCluster\\s+broker-a\\s+0\\s+${ADDR}\\s+${brokerVersion}\\s`, "m"));
        // 5.x's last columns: #PCWait(ms) … #ACTIVATED (brokerActive).
        if (v5) expect(out).toMatch(/^DefaultCluster\s+broker-a\s.*\s0\s+\S+\s+\S+\s+true\s*$/m);
      } },
    { name: "capture-broker", step: ["@capture", "broker", "^DefaultCluster\\s+broker-a\\s+0\\s+(\\S+)"] },
    { name: "brokerStatus", behaviour: "prints the runtime info rows", step: ["brokerStatus", "-c", "DefaultCluster"],
      check: (out) => {
        expect(out).toMatch(new RegExp(`^${ADDR}\\s+brokerVersionDesc\\s+: ${brokerVersion}$`, "m"));
        expect(out).toMatch(/\smsgPutTotalTodayNow\s+: \d+$/m);
        expect(out).toMatch(/\scommitLogMaxOffset\s+: \d+$/m);
      } },
    { name: "getBrokerConfig", behaviour: "prints the master's configuration", step: ["getBrokerConfig", "-c", "DefaultCluster"],
      check: (out) => {
        expect(out).toMatch(new RegExp(`^=+Master: ${ADDR}=+$`, "m"));
        expect(out).toMatch(/^brokerName\s+=\s+broker-a$/m);
        expect(out).toMatch(/^brokerClusterName\s+=\s+DefaultCluster$/m);
      } },
    { name: "updateBrokerConfig", behaviour: "sets a run-time key on the cluster's master", step: ["updateBrokerConfig", "-c", "DefaultCluster", "-k", "maxMessageSize", "-v", "4194304"],
      check: (out) => expect(out).toMatch(new RegExp(`^update broker config success, ${ADDR}$`, "m")) },
    { name: "getBrokerConfig-after-update", behaviour: "shows the new value", step: ["getBrokerConfig", "-c", "DefaultCluster"],
      check: (out) => expect(out).toMatch(/^maxMessageSize\s+=\s+4194304$/m) },
    { name: "updateBrokerConfig-path", behaviour: "is refused for rocketmqHome (CVE-2023-33246): NO_PERMISSION, black list", step: ["updateBrokerConfig", "-c", "DefaultCluster", "-k", "rocketmqHome", "-v", "/tmp/mq-compat-evil-home"],
      check: (out) => {
        expect(out).not.toContain("update broker config success");
        expect(out).toMatch(/CODE: 16\s+DESC: Can not update config in black list\./);
      } },
    { name: "updateNamesrvConfig", behaviour: "sets a run-time key on the NameServer", step: ["updateNamesrvConfig", "-k", "orderMessageEnable", "-v", "false"],
      check: (out) => expect(out).toMatch(new RegExp(`^update name server config success!\\[${ADDR}\\]\norderMessageEnable : false$`, "m")) },
    { name: "getNamesrvConfig", behaviour: "prints the NameServer's configuration", step: ["getNamesrvConfig"],
      check: (out) => {
        expect(out).toMatch(new RegExp(`^============${ADDR}============$`, "m"));
        expect(out).toMatch(/^orderMessageEnable\s+=\s+false$/m);
        expect(out).toMatch(/^kvConfigPath\s+=\s+\S+$/m);
      } },
    { name: "updateNamesrvConfig-path", behaviour: "is refused for configStorePath (CVE-2023-37582): NO_PERMISSION, black list", exit: 1,
      step: ["updateNamesrvConfig", "-k", "configStorePath", "-v", "/tmp/mq-compat-evil.properties"],
      check: (out) => expect(out).toMatch(/CODE: 16\s+DESC: Can not update config in black list\./) },
    { name: "cleanExpiredCQ", behaviour: "cleans the cluster's expired consume queues", step: ["cleanExpiredCQ", "-c", "DefaultCluster"], check: (out) => expect(out.trim()).toBe("success") },
    { name: "cleanUnusedTopic", behaviour: "cleans the queues of topics the broker no longer has", step: ["cleanUnusedTopic", "-c", "DefaultCluster"], check: (out) => expect(out.trim()).toBe("success") },
    { name: "deleteExpiredCommitLog", behaviour: "deletes expired commitlog files now", step: ["deleteExpiredCommitLog", "-c", "DefaultCluster"], check: (out) => expect(out.trim()).toBe("success") },
    { name: "exportConfigs", behaviour: "writes the cluster's broker configs and size to configs.json", step: ["exportConfigs", "-c", "DefaultCluster", "-f", `\${dir}/export-${prefix}`],
      check: (out) => {
        const configs = JSON.parse(readFileSync(exportedFile(out, "configs.json"), "utf8"));
        expect(configs.clusterScale).toMatchObject({ namesrvSize: 1, masterBrokerSize: 1 });
        expect(configs.brokerConfigs["broker-a"]).toMatchObject({ brokerName: "broker-a", brokerClusterName: "DefaultCluster" });
      } },
    ...(v5 ? batchSteps(prefix) : []),
    { name: "updateSubGroup", behaviour: "creates the subscription group", step: ["updateSubGroup", "-c", "DefaultCluster", "-g", g],
      check: (out) => expect(out).toMatch(new RegExp(`create subscription group to ${ADDR} success\\.`)) },
    { name: "getConsumerConfig", behaviour: "prints the group's configuration", step: ["getConsumerConfig", "-g", g],
      check: (out) => {
        expect(out).toMatch(/^groupName\s+=\s+\S+$/m);
        expect(out).toContain(g);
        expect(out).toMatch(/^consumeEnable\s+=\s+true$/m);
      } },
    { name: "exportMetadata", behaviour: "writes the user topics and groups (not the system topics) to metadata.json", step: ["exportMetadata", "-c", "DefaultCluster", "-f", `\${dir}/export-${prefix}`],
      check: (out) => {
        const metadata = JSON.parse(readFileSync(exportedFile(out, "metadata.json"), "utf8"));
        expect(metadata.topicConfigTable[t]).toMatchObject({ topicName: t, readQueueNums: 4, writeQueueNums: 4 });
        expect(metadata.topicConfigTable.TBW102).toBeUndefined();
        expect(metadata.subscriptionGroupTable[g]).toMatchObject({ groupName: g });
      } },
    { name: "sendMessage", behaviour: "sends one message with key and tag: SEND_OK and its id", step: ["sendMessage", "-t", t, "-p", "hello-admin", "-k", "key-admin", "-c", "TagA"], check: sent },
    { name: "capture-uniq", step: ["@capture", "uniq", "SEND_OK\\s+([0-9A-F]{32,})"] },
    { name: "capture-queue", step: ["@capture", "queue", "^broker-a\\s+(\\d)\\s+SEND_OK"] },
    { name: "sendMessage-2", behaviour: "sends a second message with the same key: SEND_OK", step: ["sendMessage", "-t", t, "-p", "hello-2", "-k", "key-admin", "-c", "TagB"], check: sent },
    { name: "queryCq", behaviour: "shows the first message's consume queue: bounds and 20-byte entries", step: ["queryCq", "-t", t, "-q", "${queue}", "-i", "0"],
      check: (out) => {
        expect(out).toMatch(/^Queue data: \nmax: [12], min: 0$/m);
        expect(out).toMatch(/^idx: 0\nConsumeQueueData\{physicOffset=\d+, physicSize=\d+, tagsCode=-?\d+, extendDataJson='null', bitMap='null', eval=false, msg='null'\}$/m);
      } },
    { name: "topicStatus", behaviour: "shows 4 queues holding the 2 messages", step: ["topicStatus", "-t", t],
      check: (out) => {
        const queues = rows(out, /^broker-a\s+(\d)\s+(\d+)\s+(\d+)/);
        expect(queues).toHaveLength(4);
        expect(sum(queues, 3)).toBe(2);
      } },
    { name: "queryMsgByKey", behaviour: "finds both messages by their key", step: ["queryMsgByKey", "-t", t, "-k", "key-admin"],
      check: (out) => expect(rows(out, /^[0-9A-F]{32,}\s+\d\s+\d+/)).toHaveLength(2) },
    { name: "queryMsgByUniqueKey", behaviour: "prints the first message by its id", step: ["queryMsgByUniqueKey", "-t", t, "-i", "${uniq}"],
      check: (out) => expectMessage(out, t, "TagA") },
    { name: "offset-msg-id", step: ["@offset-msg-id", "offsetId"] },
    { name: "queryMsgById", behaviour: "prints the message by its offset message id", step: ["queryMsgById", "-i", "${offsetId}", ...(v5 ? ["-t", t] : [])],
      check: (out) => {
        expect(out).toMatch(/^OffsetID:\s+[0-9A-F]{32}$/m);
        expectMessage(out, t, "TagA");
      } },
    { name: "queryMsgByOffset", behaviour: "prints the message at queue offset 0 of its queue", step: ["queryMsgByOffset", "-t", t, "-b", "broker-a", "-i", "${queue}", "-o", "0"],
      check: (out) => expectMessage(out, t, "TagA") },
    { name: "printMsg", behaviour: "prints both bodies", step: ["printMsg", "-t", t],
      check: (out) => expect([...out.matchAll(/BODY: (\S+)/g)].map((m) => m[1]).sort()).toEqual(["hello-2", "hello-admin"]) },
    { name: "consumeMessage", behaviour: "pulls both messages", step: ["consumeMessage", "-t", t],
      check: (out) => expect([...out.matchAll(/BODY: (\S+)/g)].map((m) => m[1]).sort()).toEqual(["hello-2", "hello-admin"]) },
    { name: "push-consumer", behaviour: "(a push consumer of the group gets both and commits its offsets)", step: ["@push-consumer", g, t, "2"] },
    { name: "consumerConnection", behaviour: "shows the online consumer, its subscription and model", step: ["consumerConnection", "-g", g],
      check: (out) => {
        expect(out).toMatch(new RegExp(`@runner-${g}\\s+${ADDR}\\s+JAVA\\s+${clientVersion}$`, "m"));
        expect(out).toMatch(new RegExp(`^${t}\\s+\\*$`, "m"));
        expect(out).toContain("MessageModel: CLUSTERING");
      } },
    { name: "capture-client", step: ["@capture", "client", `^(\\S+@runner-${g})\\s`] },
    ...consumerSteps(t, g, clientVersion, v5),
    { name: "exportMetrics", behaviour: "writes metrics.json: broker-a's quotas and the online Java consumer's version", step: ["exportMetrics", "-c", "DefaultCluster", "-f", `\${dir}/export-${prefix}`],
      check: (out) => {
        const metrics = JSON.parse(readFileSync(exportedFile(out, "metrics.json"), "utf8"));
        const broker = metrics.evaluateReport["broker-a"];
        expect(broker.runtimeQuota.topicSize).toBeGreaterThanOrEqual(1);
        expect(broker.runtimeQuota.tps).toMatchObject({ normalInTps: expect.any(Number), transInTps: 0 });
        expect(broker.runtimeVersion.clientInfo).toContain(`JAVA%${clientVersion}`);
        expect(metrics.totalData.totalOneDayNum).toMatchObject({ normalOneDayInNum: expect.any(Number) });
      } },
    { name: "consumerProgress-group", behaviour: "shows the group's 4 queues consumed to the end", step: ["consumerProgress", "-g", g],
      check: (out) => {
        const queues = rows(out, new RegExp(`^${t}\\s+broker-a\\s+(\\d)\\s+(\\d+)\\s+(\\d+)\\s+(-?\\d+)`));
        expect(queues).toHaveLength(4);
        expect([sum(queues, 2), sum(queues, 3), sum(queues, 4)]).toEqual([2, 2, 0]);
        if (v5) expect(rows(out, new RegExp(`^${t}\\s+broker-a\\s+\\d\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s`))).toHaveLength(4);
      } },
    { name: "consumerProgress", behaviour: "lists the online group with its client version", step: ["consumerProgress"],
      check: (out) => expect(out).toMatch(new RegExp(`^${g}\\s+1\\s+${clientVersion}\\s+PUSH\\s+CLUSTERING\\s`, "m")) },
    { name: "resetOffsetByTime", behaviour: "resets the group's 4 queues to offset 0", step: ["resetOffsetByTime", "-g", g, "-t", t, "-s", "0"],
      check: (out) => {
        const queues = rows(out, /^broker-a\s+(\d)\s+(\d+)\s*$/);
        expect(queues.map((m) => Number(m[1])).sort()).toEqual([0, 1, 2, 3]);
        expect(sum(queues, 2)).toBe(0);
      } },
    { name: "wipeWritePerm", behaviour: "takes broker-a's write permission away in the NameServer", step: ["wipeWritePerm", "-b", "broker-a"],
      check: (out) => expect(out).toMatch(new RegExp(`wipe write perm of broker\\[broker-a\\] in name server\\[${ADDR}\\] OK, \\d+`)) },
    { name: "addWritePerm", behaviour: "gives it back", step: ["addWritePerm", "-b", "broker-a"],
      check: (out) => expect(out).toMatch(new RegExp(`add write perm of broker\\[broker-a\\] in name server\\[${ADDR}\\] OK, \\d+`)) },
    { name: "sendMessage-after-addWritePerm", behaviour: "sends again once the permission is back", step: ["sendMessage", "-t", t, "-p", "hello-3"], check: sent },
    { name: "producer", behaviour: "(a producer of the group sends one message and stays online)", step: ["@producer", pg, t] },
    { name: "producerConnection", behaviour: "shows the online producer, its address, language and version", step: ["producerConnection", "-g", pg, "-t", t],
      check: (out) => expect(out).toMatch(new RegExp(`^0001\\s+\\S+@runner-${pg}\\s+${ADDR}\\s+JAVA\\s+${clientVersion}$`, "m")) },
    { name: "updateKvConfig", behaviour: "puts a KV config entry", step: ["updateKvConfig", "-s", `${prefix}-ns`, "-k", "k1", "-v", "v1"],
      check: (out) => expect(out).toContain("create or update kv config to namespace success.") },
    { name: "deleteKvConfig", behaviour: "deletes it", step: ["deleteKvConfig", "-s", `${prefix}-ns`, "-k", "k1"],
      check: (out) => expect(out).toContain("delete kv config from namespace success.") },
    { name: "clusterRT", behaviour: "measures 3 sends to broker-a, none failed", step: ["@until", String.raw`^DefaultCluster\s+broker-a\s+\S+\s+3\s+0`, "clusterRT", "-a", "3", "-i", "1"],
      check: (out) => expect(out).toMatch(/^DefaultCluster\s+broker-a\s+[\d.]+\s+3\s+0\s*$/m) },
    { name: "traced-send", behaviour: "(a producer with enableMsgTrace sends one message)", step: ["@traced-send", t, "key-traced"] },
    { name: "capture-traced", step: ["@capture", "traced", "msgId ([0-9A-F]{32,})"] },
    { name: "queryMsgTraceById", behaviour: "finds the message's Pub trace", step: ["queryMsgTraceById", "-i", "${traced}"],
      check: (out) => expect(out).toMatch(/^Pub\s+runner-traced-PG\s+\S+\s+[\d-]+ [\d:]+\s+\d+ms\s+success\s*$/m) },
    { name: "updateSubGroup-2", behaviour: "creates a second group (Apache RocketMQ 5 takes offsets only for a known group)", step: ["updateSubGroup", "-c", "DefaultCluster", "-g", `${g}2`],
      check: (out) => expect(out).toMatch(new RegExp(`create subscription group to ${ADDR} success\\.`)) },
    { name: "cloneGroupOffset", behaviour: "copies the group's offsets to a second group", step: ["cloneGroupOffset", "-s", g, "-d", `${g}2`, "-t", t],
      check: (out) => expect(out).toContain(`clone group offset success. srcGroup[${g}], destGroup=[${g}2], topic[${t}]`) },
    { name: "checkMsgSendRT", behaviour: "sends 3 messages, one queue after the other, all succeed", step: ["checkMsgSendRT", "-t", t, "-a", "3", "-s", "16"],
      check: (out) => {
        expect(rows(out, /^broker-a\s+(\d)\s+true\s+\d+\s*$/).map((m) => Number(m[1]))).toEqual([0, 1, 2]);
        expect(out).toMatch(/^Avg RT: \d+\.\d\d$/m);
      } },
    { name: "sendMsgStatus", behaviour: "sends to the broker's own topic: SEND_OK each time", step: ["sendMsgStatus", "-b", "broker-a", "-c", "2", "-s", "16"],
      check: (out) => expect(rows(out, /^rt=\d+ms, SendResult=SendResult \[sendStatus=SEND_OK, /)).toHaveLength(2) },
    { name: "deleteSubGroup", behaviour: "deletes the subscription group", step: ["deleteSubGroup", "-c", "DefaultCluster", "-g", g],
      check: (out) => expect(out).toMatch(new RegExp(`delete subscription group \\[${g}\\] from broker \\[${ADDR}\\] in cluster \\[DefaultCluster\\] success\\.`)) },
    { name: "deleteTopic", behaviour: "deletes the topic from the broker and the NameServer", step: ["deleteTopic", "-c", "DefaultCluster", "-t", t],
      check: (out) => {
        expect(out).toContain(`delete topic [${t}] from cluster [DefaultCluster] success.`);
        expect(out).toContain(`delete topic [${t}] from NameServer success.`);
      } },
    { name: "topicList-after-delete", behaviour: "no longer lists the topic", step: ["topicList"], check: (out) => expect(out.split("\n")).not.toContain(t) },
    // Last: MonitorService's consumers stay online in the runner's JVM (its first round is due after 20 s).
    { name: "startMonitoring", behaviour: "starts MonitorService against mq (its pull and push consumers start)", step: ["startMonitoring"] },
  ];
}

/** The -f files of 5.x's batch commands (written to the steps' directory before they run). */
export function adminFiles(prefix: string): Record<string, string> {
  return {
    [`${prefix}-topics.json`]: JSON.stringify([{ topicName: `${prefix}_bt1`, readQueueNums: 2, writeQueueNums: 2, perm: 6 }, { topicName: `${prefix}_bt2` }]),
    [`${prefix}-groups.json`]: JSON.stringify([{ groupName: `${prefix}_bg1`, retryMaxTimes: 3 }, { groupName: `${prefix}_bg2` }]),
  };
}

/** 5.x's updateTopicList, updateSubGroupList (codes 18 and 225) and resetMasterFlushOffset (908; a master ignores it). */
function batchSteps(prefix: string): AdminStep[] {
  const submitted = (what: string) => (out: string) =>
    expect(out).toMatch(new RegExp(`^submit batch of ${what} to ${ADDR} success, please check the result later\.$`, "m"));
  return [
    { name: "updateTopicList", behaviour: "creates the file's two topics on the cluster's master", step: ["updateTopicList", "-c", "DefaultCluster", "-f", `\${dir}/${prefix}-topics.json`],
      check: submitted("topic config") },
    { name: "topicRoute-batch", behaviour: "routes the first batch topic with its 2 queues", step: ["topicRoute", "-t", `${prefix}_bt1`],
      check: (out) => expect(out).toContain(`"readQueueNums":2`) },
    { name: "updateSubGroupList", behaviour: "creates the file's two groups on the broker", step: ["updateSubGroupList", "-b", "${broker}", "-f", `\${dir}/${prefix}-groups.json`],
      check: submitted("group config") },
    { name: "getConsumerConfig-batch", behaviour: "shows the first batch group with its retryMaxTimes", step: ["getConsumerConfig", "-g", `${prefix}_bg1`],
      check: (out) => expect(out).toMatch(/^retryMaxTimes\s+=\s+3$/m) },
    { name: "resetMasterFlushOffset", behaviour: "is answered SUCCESS by the master (which ignores it)", step: ["resetMasterFlushOffset", "-b", "${broker}", "-o", "0"],
      check: (out) => expect(out).toMatch(/^reset master flush offset to 0 success$/m) },
  ];
}

/** The file an export command says it wrote ("export <path> success"), checked to be the one asked for. */
function exportedFile(out: string, name: string): string {
  const path = /export (\S+) success/.exec(out)?.[1];
  expect(path?.endsWith(`/${name}`)).toBe(true);
  return path as string;
}

/**
 * The steps on the online Java push consumer of g (runner-<g>, its clientId captured as ${client}):
 * what the broker keeps of it (brokerConsumeStats, statsAll) and what the consumer itself answers
 * through the broker (consumerStatus: GET_CONSUMER_RUNNING_INFO; queryMsgById -d:
 * CONSUME_MESSAGE_DIRECTLY). (mqadmin has GetConsumerStatusCommand, for 223/221, but does not
 * list it among its subcommands; mq admin getConsumerStatus is tested against mq's own client.)
 */
function consumerSteps(t: string, g: string, clientVersion: string, v5: boolean): AdminStep[] {
  return [
    { name: "brokerConsumeStats", behaviour: "shows the group's queues of the topic consumed to the end", step: ["brokerConsumeStats", "-b", "${broker}"],
      check: (out) => {
        const queues = rows(out, new RegExp(`^${t}\\s+${g}\\s+broker-a\\s+(\\d)\\s+(\\d+)\\s+(\\d+)\\s+(-?\\d+)\\s+[\\d-]+ [\\d:]+\\s*$`));
        expect(queues.length).toBeGreaterThan(0);
        expect([sum(queues, 2), sum(queues, 3), sum(queues, 4)]).toEqual([2, 2, 0]);
        expect(out).toMatch(/^Diff Total: \d+$/m);
      } },
    { name: "statsAll", behaviour: "shows the topic with its consuming group and no accumulation", step: ["statsAll", "-t", t],
      check: (out) => {
        expect(out).toMatch(/^#Topic\s+#Consumer Group\s+#Accumulation\s+#InTPS\s+#OutTPS\s+#InMsg24Hour\s+#OutMsg24Hour\s*$/m);
        expect(out).toMatch(new RegExp(`^${t}\\s+${g}\\s+0\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+\\d+\\s+\\d+\\s*$`, "m"));
      } },
    { name: "consumerStatus", behaviour: "lists the Java consumer, asks it for its running info, rebalance OK", step: ["consumerStatus", "-g", g],
      check: (out) => {
        expect(out).toMatch(new RegExp(`^1\\s+\\S+@runner-${g}\\s+${clientVersion}\\s+\\d+/\\S+$`, "m"));
        expect(out).toContain("Same subscription in the same group of consumer");
        expect(out).toContain("Rebalance OK");
      } },
    { name: "consumerStatus-client", behaviour: "prints the Java consumer's own running info", step: ["consumerStatus", "-g", g, "-i", "${client}"],
      check: (out) => {
        expect(out).toMatch(/^PROP_CONSUME_TYPE\s+: CONSUME_PASSIVELY$/m);
        expect(out).toMatch(new RegExp(`^\\d{3} Topic: ${t}\\s+ClassFilter: false\\s+SubExpression: \\*$`, "m"));
        expect(sum(rows(out, new RegExp(`^${t}\\s+broker-a\\s+\\d\\s+(\\d+)\\s*$`)), 1)).toBe(2);
        expect(out).toContain("#Consumer RT&TPS#");
      } },
    { name: "consumeMessageDirectly", behaviour: "has the Java consumer consume the first message again: CR_SUCCESS",
      step: ["queryMsgById", "-i", "${offsetId}", "-g", g, "-d", "${client}", ...(v5 ? ["-t", t] : [])],
      check: (out) => expect(out).toMatch(/ConsumeMessageDirectlyResult \[order=false, autoCommit=true, consumeResult=CR_SUCCESS, remark=null, spentTimeMills=\d+\]/) },
  ];
}

function expectMessage(out: string, topic: string, tag: string): void {
  expect(out).toMatch(new RegExp(`^Topic:\\s+${topic}$`, "m"));
  expect(out).toMatch(new RegExp(`^Tags:\\s+\\[${tag}\\]$`, "m"));
  expect(out).toMatch(/^Keys:\s+\[key-admin\]$/m);
  expect(out).toMatch(/^Store Host:\s+127\.0\.0\.1:\d+$/m);
  expect(out).toMatch(/^Properties:.*UNIQ_KEY=[0-9A-F]{32,}/m);
}

/** A step's result: it returned (exit 0), no request code outside LATER_CODES was refused, and its rows hold. */
export function checkStep(step: AdminStep, r: Observed): void {
  const out = String(r.out);
  const exit = step.exit ?? 0;
  expect({ command: r.command, exit: r.exit, out: r.exit === exit ? "" : out }).toEqual({ command: r.command, exit, out: "" });
  expect(unsupportedCodes(out).filter((code) => !LATER_CODES.has(code))).toEqual([]);
  step.check?.(out);
}
