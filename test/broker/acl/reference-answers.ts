// What Apache RocketMQ 4.9.7 answered to aclProbeCases() with plain_acl.yml (run on 2026-12-01:
// RMQ_REF_VERSION=4.9.7 RMQ_REF_ACL_FILE=test/broker/acl/plain_acl.yml scripts/rocketmq-reference.sh
// start aclEnable=true, then bun scripts/acl-probe.ts <brokerAddr>). RocketMQ appends the Java
// stack frame that threw (", org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(
// PlainPermissionManager.java:683)"); mq answers the same code and text without that frame.
const acl = (message: string) => ({ code: 1, remark: `org.apache.rocketmq.acl.common.AclException: ${message}` });

export const REFERENCE_ANSWERS: Record<string, { code: number; remark?: string }> = {
  "send with the right key": { code: 0 },
  "send with a wrong secret": acl("Check signature failed for accessKey=RocketMQ"),
  "send without a signature": acl("Check signature failed for accessKey=RocketMQ"),
  "send without any credentials": acl("No accessKey is configured"),
  "send with an unknown access key": acl("No acl config for nobody"),
  "send to a topic without PUB (SUB only)": acl("No default permission for topic:topicC"),
  "send to a DENY topic": acl("No default permission for topic:topicA"),
  "send to a topic left to defaultTopicPerm DENY": acl("No default permission for topic:topicZ"),
  "pull with a group without SUB": acl("No default permission for group:groupA"),
  // 24 SUBSCRIPTION_NOT_EXIST: past the ACL, the group has no subscription yet.
  "pull with the right key": { code: 24 },
  "heartbeat of a group without SUB": acl("No default permission for group:groupA"),
  "non-admin creates a topic": acl("Need admin permission for request code=17, but accessKey=RocketMQ is not"),
  "admin creates a topic": { code: 0 },
};
