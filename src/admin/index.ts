// Admin operations shared by `mq admin` and the console. They return data and never print.
export { AdminError, adminContext, invokeOk, invokeNamesrv, ADMIN_TIMEOUT_MS_DEFAULT, type AdminContext } from "./context.ts";
export { clusterInfo, clusterList, brokerRuntimeInfo, brokersOfCluster, masterAddrsOfCluster, type ClusterListRow } from "./cluster.ts";
export { brokerStatus } from "./broker-status.ts";
export { haStatus } from "./ha-status.ts";
export type { BrokerTarget } from "./targets.ts";
export { updateTopic, deleteTopic, topicList, topicListWithClusters, topicRoute, topicConfigOf, topicSysFlagOf, type TopicClusterRow } from "./topic.ts";
export { topicStatus, type QueueStatus } from "./topic-status.ts";
export {
  updateSubGroup, subGroupConfigOf, consumerProgress, consumerGroups, consumerConnection,
  type GroupProgress, type QueueProgress, type GroupSummary,
} from "./group.ts";
export { viewsOf, keysOf, type MessageView } from "./message-view.ts";
export {
  queryMsgByKey, queryMsgByUniqueKey, viewMessage, queryMsgByOffset, pullOnce, brokerAddrOf,
  QUERY_MAX_NUM_DEFAULT, TOOLS_CONSUMER_GROUP, type TimeRange, type PullPage, type OffsetLookup,
} from "./message-query.ts";
export { printMsg, printMsgByQueue, queryMsgByTime, type QueueScan, type PrintMsgSink } from "./message-print.ts";
export { resetOffsetByTime, parseResetTimestamp, decodeResetOffsetBody, type QueueOffsetRow } from "./offset-reset.ts";
export { getBrokerConfig, updateBrokerConfig, getNamesrvConfig, updateNamesrvConfig, type BrokerConfigOf, type ConfigEntries } from "./config.ts";
export { brokerUpkeep, queryConsumeQueue, type UpkeepCode, type ConsumeQueueView, type ConsumeQueueEntry } from "./maintenance.ts";
export { updateKvConfig, deleteKvConfig, setWritePerm, type WritePermResult } from "./namesrv.ts";
export { userTopics, userGroups, clusterMetadata, clusterConfigs, allocateMQ, orderConf, type OrderConfMethod } from "./export.ts";
export { deleteGroupTopics, cloneGroupOffset, topicClusterList, updateTopicPerm, type PermChange } from "./group-ops.ts";
export { consumeRanges, consumeRangeOf, type ConsumeRange } from "./message-consume.ts";
export {
  brokerEpochs, controllerAddrsOf, controllerConfigs, controllerMetaData, electMaster, syncStateSets, updateControllerConfig,
  cleanBrokerMetadata, type CleanBrokerMetadata, type ControllerMetaData, type ElectResult,
} from "./controller.ts";
export { producerConnection } from "./producer-connection.ts";
export { deleteSubGroup, subscriptionGroupNames, SYSTEM_GROUPS, getConsumerConfig, type GroupConfigOnBroker } from "./group-config.ts";
export { queryMsgTraceById, decodeTraceData, encodeTraceRecord, TRACE_TOPIC_DEFAULT, type TraceRecord, type TraceType } from "./message-trace.ts";
export { sendMessage, resendMessage, resendTopicOf, SELF_TEST_PRODUCER_GROUP, type ResendTarget } from "./message-send.ts";
export { updateAclConfig, deleteAclConfig, updateGlobalWhiteAddrs, aclConfigVersions, type AccessConfig, type AclVersionRow } from "./acl-config.ts";
export {
  putUser, deleteUser, getUser, listUsers, aclInfoOf, putAcl, deleteAcl, getAcl, listAcls, copyUsers, copyAcls, type AclEntriesSpec,
} from "./auth.ts";
export { brokerConsumeStats, viewBrokerStatsData, topicConsumeByWho, topicClusters, statsAll, type StatsAllRow } from "./stats.ts";
export {
  consumerRunningInfo, consumeMessageDirectly, consumerStatusFromClients,
  type ConsumerRunningInfo, type DirectResult,
} from "./consumer-client.ts";
export { producerInfo } from "./producer-info.ts";
export { topicConfigsOfFile, groupConfigsOfFile, updateTopicList, updateSubGroupList, resetMasterFlushOffset } from "./batch-config.ts";
export { clusterMetrics, type MetricsExport } from "./metrics-export.ts";
export { monitorRound, sameSubscription, type MonitorRound, type UndoneMsgs, type GroupRunningInfo } from "./monitor.ts";
