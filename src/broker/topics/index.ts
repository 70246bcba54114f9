// Topic and subscription-group tables, and the topic-name rules.
export { createTopicTable, newTopicConfig, type TopicTableDeps } from "./topic-table.ts";
export { createGroupTable, newGroupConfig, type GroupTableDeps } from "./group-table.ts";
export { seedSystemTopics, type SystemTopicOptions } from "./system-topics.ts";
export {
  topicNameProblem,
  groupNameProblem,
  isSystemTopic,
  isSendForbiddenTopic,
  TOPIC_NAME_LENGTH_MAX,
  SYSTEM_TOPIC_NAME_LENGTH_MAX,
} from "./topic-name.ts";
export { topicValidatorRemark, groupValidatorRemark } from "./validator-remarks.ts";
