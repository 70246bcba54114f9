// Every subcommand the real mqadmin has (rocketmq-tools 4.9.8 and 5.5.0: MQAdminStartup's
// command list, as `mqadmin` with no arguments prints it; test/compat/mqadmin-inventory.test.ts
// checks this list against both), and its state in `mq admin`:
//   served          mq admin has it, with mqadmin's flags and output
//   pending         issue 16 brings it in another part (the part named)
//   not applicable  mq has no such feature (the reason says which)

export type Versions = "4.9.8" | "5.5.0" | "both";
export type State = { served: true } | { pending: string } | { notApplicable: string };

export interface InventoryRow {
  name: string;
  versions: Versions;
  state: State;
}

const S: State = { served: true };
const na = (reason: string): State => ({ notApplicable: reason });
const POP = na("mq has no POP consumption (SET_MESSAGE_REQUEST_MODE, pop records)");
const ROCKSDB = na("mq keeps metadata in SQLite (meta.db) and file consume queues, no RocksDB");
const COLD = na("cold-data flow control belongs to tiered storage, which mq does not have");
const LITE = na("lite topics (RocketMQ 5.5) are not in mq");

const row = (name: string, versions: Versions, state: State): InventoryRow => ({ name, versions, state });

export const INVENTORY: readonly InventoryRow[] = [
  row("updateTopic", "both", S),
  row("updateTopicList", "5.5.0", S),
  row("deleteTopic", "both", S),
  row("updateSubGroup", "both", S),
  row("updateSubGroupList", "5.5.0", S),
  row("setConsumeMode", "5.5.0", POP),
  row("deleteSubGroup", "both", S),
  row("updateBrokerConfig", "both", S),
  row("updateTopicPerm", "both", S),
  row("topicRoute", "both", S),
  row("topicStatus", "both", S),
  row("topicClusterList", "both", S),
  row("addBroker", "5.5.0", na("no broker container: mq runs one broker per process")),
  row("removeBroker", "5.5.0", na("no broker container: mq runs one broker per process")),
  row("resetMasterFlushOffset", "5.5.0", S),
  row("brokerStatus", "both", S),
  row("queryMsgById", "both", S),
  row("queryMsgByKey", "both", S),
  row("queryMsgByUniqueKey", "both", S),
  row("queryMsgByOffset", "both", S),
  row("queryMsgTraceById", "both", S),
  row("printMsg", "both", S),
  row("printMsgByQueue", "both", S),
  row("sendMsgStatus", "both", S),
  row("brokerConsumeStats", "both", S),
  row("producerConnection", "both", S),
  row("consumerConnection", "both", S),
  row("consumerProgress", "both", S),
  row("consumerStatus", "both", S),
  row("cloneGroupOffset", "both", S),
  row("producer", "both", S),
  row("clusterList", "both", S),
  row("topicList", "both", S),
  row("updateKvConfig", "both", S),
  row("deleteKvConfig", "both", S),
  row("wipeWritePerm", "both", S),
  row("addWritePerm", "both", S),
  row("resetOffsetByTime", "both", S),
  row("skipAccumulatedMessage", "both", S),
  row("updateOrderConf", "both", S),
  row("cleanExpiredCQ", "both", S),
  row("deleteExpiredCommitLog", "both", S),
  row("cleanUnusedTopic", "both", S),
  row("startMonitoring", "both", S),
  row("statsAll", "both", S),
  row("allocateMQ", "both", S),
  row("checkMsgSendRT", "both", S),
  row("clusterRT", "both", S),
  row("getNamesrvConfig", "both", S),
  row("updateNamesrvConfig", "both", S),
  row("getBrokerConfig", "both", S),
  row("getConsumerConfig", "both", S),
  row("queryCq", "both", S),
  row("sendMessage", "both", S),
  row("consumeMessage", "both", S),
  row("updateStaticTopic", "5.5.0", na("static topics (logic queue mappings) are out of scope for mq")),
  row("remappingStaticTopic", "5.5.0", na("static topics (logic queue mappings) are out of scope for mq")),
  row("exportMetadata", "both", S),
  row("exportConfigs", "both", S),
  row("exportMetrics", "both", S),
  row("exportMetadataInRocksDB", "5.5.0", ROCKSDB),
  row("exportPopRecord", "5.5.0", POP),
  row("haStatus", "5.5.0", S),
  row("getSyncStateSet", "5.5.0", S),
  row("getBrokerEpoch", "5.5.0", S),
  row("getControllerMetaData", "5.5.0", S),
  row("getControllerConfig", "5.5.0", S),
  row("updateControllerConfig", "5.5.0", S),
  row("electMaster", "5.5.0", S),
  row("cleanBrokerMetadata", "5.5.0", S),
  row("dumpCompactionLog", "5.5.0", na("mq has no compaction topics (compaction log)")),
  row("getColdDataFlowCtrInfo", "5.5.0", COLD),
  row("updateColdDataFlowCtrGroupConfig", "5.5.0", COLD),
  row("removeColdDataFlowCtrGroupConfig", "5.5.0", COLD),
  row("setCommitLogReadAheadMode", "5.5.0", na("mq reads the commitlog with positional reads, not an mmap with read-ahead (madvise) modes")),
  row("createUser", "5.5.0", S),
  row("updateUser", "5.5.0", S),
  row("deleteUser", "5.5.0", S),
  row("getUser", "5.5.0", S),
  row("listUser", "5.5.0", S),
  row("copyUser", "5.5.0", S),
  row("createAcl", "5.5.0", S),
  row("updateAcl", "5.5.0", S),
  row("deleteAcl", "5.5.0", S),
  row("getAcl", "5.5.0", S),
  row("listAcl", "5.5.0", S),
  row("copyAcl", "5.5.0", S),
  row("rocksDBConfigToJson", "5.5.0", ROCKSDB),
  row("checkRocksdbCqWriteProgress", "5.5.0", ROCKSDB),
  row("switchTimerEngine", "5.5.0", na("mq has one timer engine (its timer.db); there is no RocksDB timeline to switch to")),
  row("getBrokerLiteInfo", "5.5.0", LITE),
  row("getParentTopicInfo", "5.5.0", LITE),
  row("getLiteTopicInfo", "5.5.0", LITE),
  row("getLiteClientInfo", "5.5.0", LITE),
  row("getLiteGroupInfo", "5.5.0", LITE),
  row("triggerLiteDispatch", "5.5.0", LITE),
  row("updateAclConfig", "4.9.8", S),
  row("deleteAclConfig", "4.9.8", S),
  row("clusterAclConfigVersion", "4.9.8", S),
  row("updateGlobalWhiteAddr", "4.9.8", S),
];

/** The names mqadmin of a version lists, in its order. */
export const namesOf = (version: "4.9.8" | "5.5.0"): string[] =>
  INVENTORY.filter((r) => r.versions === "both" || r.versions === version).map((r) => r.name);

export function stateText(s: State): string {
  if ("served" in s) return "served";
  if ("pending" in s) return `pending: ${s.pending}`;
  return `not applicable: ${s.notApplicable}`;
}
