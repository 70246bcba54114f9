// RocketMQ's Validators.checkGroup: which names a producer or consumer group may have. The broker
// refuses the others; the clients refuse them before they start, as Java's do. A group name becomes
// part of %RETRY%/%DLQ% topic names and of file paths (a broadcasting consumer's local offsets),
// so nothing but the topic alphabet.

/** The topic and group alphabet (TopicValidator's VALID_PATTERN_STR). */
export const TOPIC_OR_GROUP_PATTERN = /^[%|a-zA-Z0-9_-]+$/;

/** A consumer or producer group name is at most this long (RocketMQ's Validators.CHARACTER_MAX_LENGTH). */
export const GROUP_NAME_LENGTH_MAX = 255;

/** Why the name is not a valid group name, or undefined; the remarks are RocketMQ's. */
export function groupNameProblem(group: string): string | undefined {
  if (group.trim().length === 0) return "the specified group is blank";
  if (group.length > GROUP_NAME_LENGTH_MAX) return `the specified group is longer than group max length ${GROUP_NAME_LENGTH_MAX}.`;
  if (!TOPIC_OR_GROUP_PATTERN.test(group)) return `the specified group[${group}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  return undefined;
}
