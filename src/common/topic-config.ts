// Topic and subscription-group metadata, as RocketMQ's TopicConfig and SubscriptionGroupConfig
// (field names are the wire/JSON names clients and admin tools use).

/** PermName bits. Normal topics are READ|WRITE = 6; TBW102 is 7. */
export const Perm = { PRIORITY: 8, READ: 4, WRITE: 2, INHERIT: 1 } as const;
export const PERM_READ_WRITE = Perm.READ | Perm.WRITE;

export type TopicFilterType = "SINGLE_TAG" | "MULTI_TAG";

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: TopicFilterType;
  topicSysFlag: number;
  order: boolean;
}

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
}

export const SystemTopic = {
  AUTO_CREATE: "TBW102",
  SCHEDULE: "SCHEDULE_TOPIC_XXXX",
  TRANS_HALF: "RMQ_SYS_TRANS_HALF_TOPIC",
  TRANS_OP_HALF: "RMQ_SYS_TRANS_OP_HALF_TOPIC",
  /** Half messages checked transactionCheckMax times end here (RocketMQ 5). */
  TRANS_CHECK_MAX_TIME: "TRANS_CHECK_MAX_TIME_TOPIC",
  /** Timer messages wait here, queue 0, until due (RocketMQ 5's TimerMessageStore.TIMER_TOPIC). */
  TIMER: "rmq_sys_wheel_timer",
  SELF_TEST: "SELF_TEST_TOPIC",
  OFFSET_MOVED_EVENT: "OFFSET_MOVED_EVENT",
} as const;

/** The consumer group under which the transaction checker keeps its half and op progress. */
export const TRANSACTION_CHECK_GROUP = "CID_RMQ_SYS_TRANS";
/** "<cluster>_REPLY_TOPIC": where repliers send replies (MixAll.getReplyTopic). */
export const replyTopicOf = (cluster: string): string => `${cluster}_REPLY_TOPIC`;

export const RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
export const DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
export const retryTopicOf = (group: string): string => RETRY_GROUP_TOPIC_PREFIX + group;
export const dlqTopicOf = (group: string): string => DLQ_GROUP_TOPIC_PREFIX + group;
