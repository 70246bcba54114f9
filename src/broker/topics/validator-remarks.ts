// RocketMQ 5's TopicValidator.validateTopic / validateGroup, in its own words: the remarks of
// INVALID_PARAMETER that the 5.x-only batch codes (UPDATE_AND_CREATE_TOPIC_LIST,
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_LIST) answer with. The same rules as topicNameProblem and
// groupNameProblem, which keep 4.9's words for the codes 4.x clients send.
import { GROUP_NAME_LENGTH_MAX, groupNameProblem, SYSTEM_TOPIC_NAME_LENGTH_MAX, TOPIC_NAME_LENGTH_MAX, topicNameProblem } from "./topic-name.ts";

const ALLOWED = "allowing only ^[%|a-zA-Z0-9_-]+$";

export function topicValidatorRemark(topic: string): string | undefined {
  if (topicNameProblem(topic) === undefined) return undefined;
  if (topic.trim() === "") return "The specified topic is blank.";
  if (!/^[%|a-zA-Z0-9_-]+$/.test(topic)) return `The specified topic: ${topic}, contains illegal characters, ${ALLOWED}`;
  if (topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%")) {
    return `The specified topic is DLQ or Retry topic: ${topic}, and it's longer than topic max length: ${SYSTEM_TOPIC_NAME_LENGTH_MAX}`;
  }
  return `The specified topic: ${topic}, is longer than topic max length: ${TOPIC_NAME_LENGTH_MAX}`;
}

export function groupValidatorRemark(group: string): string | undefined {
  if (groupNameProblem(group) === undefined) return undefined;
  if (group.trim() === "") return "The specified group is blank.";
  if (group.length > GROUP_NAME_LENGTH_MAX) return `The specified group: ${group}, is longer than group max length: ${GROUP_NAME_LENGTH_MAX}`;
  return `The specified group: ${group}, contains illegal characters, ${ALLOWED}`;
}
