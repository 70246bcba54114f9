// RocketMQ's TopicValidator: which names a topic may have, which topics are the system's own,
// and which of those refuse sends from clients.
import { SystemTopic, TOPIC_OR_GROUP_PATTERN } from "../../common/index.ts";

export { GROUP_NAME_LENGTH_MAX, groupNameProblem } from "../../common/index.ts";

/** A topic name is at most this long, except retry and DLQ topics. */
export const TOPIC_NAME_LENGTH_MAX = 127;
/** Retry and DLQ topics carry a group name and may be longer (as RocketMQ 5). */
export const SYSTEM_TOPIC_NAME_LENGTH_MAX = 255;

const TOPIC_NAME_PATTERN = TOPIC_OR_GROUP_PATTERN;

const SYSTEM_TOPICS: ReadonlySet<string> = new Set([
  SystemTopic.AUTO_CREATE,
  SystemTopic.SCHEDULE,
  SystemTopic.TRANS_HALF,
  SystemTopic.TRANS_OP_HALF,
  SystemTopic.SELF_TEST,
  SystemTopic.OFFSET_MOVED_EVENT,
  "BenchmarkTest",
  "RMQ_SYS_TRACE_TOPIC",
  SystemTopic.TRANS_CHECK_MAX_TIME,
]);

const SEND_FORBIDDEN_TOPICS: ReadonlySet<string> = new Set([
  SystemTopic.SCHEDULE,
  SystemTopic.TRANS_HALF,
  SystemTopic.TRANS_OP_HALF,
  SystemTopic.SELF_TEST,
  SystemTopic.OFFSET_MOVED_EVENT,
  SystemTopic.TRANS_CHECK_MAX_TIME,
]);

/** Why the name is not a valid topic name, or undefined when it is. */
export function topicNameProblem(topic: string): string | undefined {
  if (topic.length === 0) return "the topic name is blank";
  if (!TOPIC_NAME_PATTERN.test(topic)) {
    return `the topic[${topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  }
  const isGroupTopic = topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%");
  const lengthMax = isGroupTopic ? SYSTEM_TOPIC_NAME_LENGTH_MAX : TOPIC_NAME_LENGTH_MAX;
  if (topic.length > lengthMax) {
    return `the topic[${topic.slice(0, 40)}...] is ${topic.length} characters long, longer than ${lengthMax}`;
  }
  return undefined;
}

export const isSystemTopic = (topic: string): boolean => SYSTEM_TOPICS.has(topic) || topic.startsWith("rmq_sys_");

/** Topics only the broker itself writes to. */
export const isSendForbiddenTopic = (topic: string): boolean => SEND_FORBIDDEN_TOPICS.has(topic);
