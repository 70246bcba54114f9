// The topics a broker holds from its first start (RocketMQ's TopicConfigManager constructor).
// A persisted config wins over these defaults: a topic is only added when it is missing.
import { Perm, PERM_READ_WRITE, replyTopicOf, SystemTopic } from "../../common/index.ts";
import type { TopicTable } from "../context.ts";
import { newTopicConfig } from "./topic-table.ts";

export interface SystemTopicOptions {
  brokerClusterName: string;
  brokerName: string;
  autoCreateTopicEnable: boolean;
  defaultTopicQueueNums: number;
  clusterTopicEnable: boolean;
  brokerTopicEnable: boolean;
  /** Number of delay levels: SCHEDULE_TOPIC_XXXX has one queue per level. */
  delayLevelCount: number;
  /** Timer messages on: rmq_sys_wheel_timer (1 queue) is made. */
  timerWheelEnable: boolean;
  /** With traceTopicEnable, the message-trace topic (one queue) exists from the start: clients that
   *  trace need its route (rocketmq-client-go drops traces without it). */
  traceTopicEnable?: boolean;
  msgTraceTopicName?: string;
}

const TRACE_TOPIC_DEFAULT = "RMQ_SYS_TRACE_TOPIC";

/** RocketMQ's TopicConfig constructor default, used for the cluster-name topic. */
const TOPIC_QUEUE_NUMS_DEFAULT = 16;

export function seedSystemTopics(topics: TopicTable, o: SystemTopicOptions): void {
  const seed = (topic: string, queueNums: number, perm: number): void => {
    if (topics.get(topic) === undefined) topics.put(newTopicConfig(topic, queueNums, perm));
  };
  seed(SystemTopic.SELF_TEST, 1, PERM_READ_WRITE);
  if (o.autoCreateTopicEnable) {
    seed(SystemTopic.AUTO_CREATE, o.defaultTopicQueueNums, PERM_READ_WRITE | Perm.INHERIT);
  }
  seed(o.brokerClusterName, TOPIC_QUEUE_NUMS_DEFAULT, Perm.INHERIT | (o.clusterTopicEnable ? PERM_READ_WRITE : 0));
  seed(o.brokerName, 1, Perm.INHERIT | (o.brokerTopicEnable ? PERM_READ_WRITE : 0));
  seed(SystemTopic.OFFSET_MOVED_EVENT, 1, PERM_READ_WRITE);
  seed(SystemTopic.SCHEDULE, o.delayLevelCount, PERM_READ_WRITE);
  seed(replyTopicOf(o.brokerClusterName), 1, PERM_READ_WRITE);
  seed(SystemTopic.TRANS_HALF, 1, PERM_READ_WRITE);
  seed(SystemTopic.TRANS_OP_HALF, 1, PERM_READ_WRITE);
  if (o.timerWheelEnable) seed(SystemTopic.TIMER, 1, PERM_READ_WRITE);
  if (o.traceTopicEnable === true) seed(o.msgTraceTopicName || TRACE_TOPIC_DEFAULT, 1, PERM_READ_WRITE);
}
