// Keys that still turn up in configuration files but that no current RocketMQ reads: RocketMQ 3's
// (alibaba/RocketMQ, whose MessageStoreConfig lost its transaction store in June 2014; files
// copied from that era still carry them) and a few mq once declared without reading them.
// Loading one is a notice that says what became of it, not an error: RocketMQ 4 and 5 skip them
// silently, so a file that works with RocketMQ must load.

const ROCKETMQ_3_TRANSACTIONS = "a RocketMQ 3 key (its transaction store, removed in 2014; RocketMQ 4 and 5 skip it)";

/** key → what it was, completing "<key> is …; it has no effect in mq". */
export const retiredKeys: Readonly<Record<string, string>> = {
  checkTransactionMessageEnable: ROCKETMQ_3_TRANSACTIONS,
  checkTransactionMessageAtleastInterval: ROCKETMQ_3_TRANSACTIONS,
  checkTransactionMessageTimerInterval: ROCKETMQ_3_TRANSACTIONS,
  tranStateTableMapedFileSize: ROCKETMQ_3_TRANSACTIONS,
  tranRedoLogMapedFileSize: ROCKETMQ_3_TRANSACTIONS,
  queryMessageMaxTimeSpan: "a RocketMQ 3 BrokerConfig key (RocketMQ 4 and 5 skip it)",
  // RocketMQ derives these paths from storePathRootDir and has no key for them; so does mq.
  storePathConsumeQueue: "not a RocketMQ key: consume queues are always in <storePathRootDir>/consumequeue",
  storePathIndex: "not a RocketMQ key: mq's message index is always <storePathRootDir>/index.db",
  storeCheckpoint: "not a RocketMQ key: the checkpoint is always <storePathRootDir>/checkpoint",
  abortFile: "not a RocketMQ key: the abort marker is always <storePathRootDir>/abort",
};
