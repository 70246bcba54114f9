// Where a send may go (RocketMQ's AbstractSendMessageProcessor.msgCheck): broker and topic
// permissions, the topic name, auto-creation through the default topic, the queue id.
// Every refusal is a BrokerError whose remark says what to change.
import {
  BrokerError,
  Perm,
  PERM_READ_WRITE,
  RETRY_GROUP_TOPIC_PREFIX,
  ResponseCode,
  type TopicConfig,
} from "../../common/index.ts";
import type { BrokerContext } from "../context.ts";
import { isSendForbiddenTopic, topicNameProblem } from "../topics/index.ts";
import type { SendHeader } from "../../common/index.ts";

export interface SendTarget {
  topicConfig: TopicConfig;
  queueId: number;
}

export function checkBrokerWritable(ctx: BrokerContext): void {
  const { brokerRole, brokerPermission, brokerIP1 } = ctx.options;
  if (brokerRole === "SLAVE") {
    throw new BrokerError(ResponseCode.SERVICE_NOT_AVAILABLE, slaveRefusal(ctx));
  }
  const notEnough = ctx.replication?.beforePut?.();
  // RocketMQ answers IN_SYNC_REPLICAS_NOT_ENOUGH with SYSTEM_ERROR "in-sync replicas not enough".
  if (notEnough !== undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, notEnough);
  if ((brokerPermission & Perm.WRITE) === 0) {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the broker[${brokerIP1}] sending message is forbidden (brokerPermission=${brokerPermission})`,
    );
  }
}

/** RocketMQ's SERVICE_NOT_AVAILABLE remark (disk ratios as its diskUtil() prints them), then why. */
function slaveRefusal(ctx: BrokerContext): string {
  const disk = ctx.store.diskUsage();
  const ratio = (r: number) => (r < 0 ? -1 : r * 100).toFixed(2).padStart(5);
  const util = `CL: ${ratio(disk.commitLogUsedRatio)} CQ: ${ratio(disk.consumeQueueUsedRatio)} INDEX: ${ratio(disk.consumeQueueUsedRatio)}`;
  return "service not available now. It may be caused by one of the following reasons: " +
    `the broker's disk is full [${util}], messages are put to the slave, message store has been shut down, etc. ` +
    `(this broker is a slave, brokerRole=SLAVE: send to the master of ${ctx.options.brokerName})`;
}

export function resolveSendTarget(ctx: BrokerContext, h: SendHeader): SendTarget {
  const problem = topicNameProblem(h.topic);
  if (problem !== undefined) throw new BrokerError(ResponseCode.MESSAGE_ILLEGAL, problem);
  if (isSendForbiddenTopic(h.topic)) {
    throw new BrokerError(ResponseCode.NO_PERMISSION, `sending message to topic[${h.topic}] is forbidden`);
  }
  const topicConfig = findOrCreateTopic(ctx, h);
  if ((topicConfig.perm & Perm.WRITE) === 0) {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the topic[${h.topic}] sending message is forbidden (perm=${topicConfig.perm})`,
    );
  }
  return { topicConfig, queueId: pickQueueId(topicConfig, h.queueId, h.producerGroup) };
}

function findOrCreateTopic(ctx: BrokerContext, h: SendHeader): TopicConfig {
  const existing = ctx.topics.get(h.topic);
  if (existing !== undefined) return existing;
  // Retry topics take the group's queue count (as CONSUMER_SEND_MSG_BACK and HEART_BEAT make
  // them) rather than the template's; RocketMQ tries the template first.
  if (h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
    const group = ctx.groups.findOrCreate(h.topic.slice(RETRY_GROUP_TOPIC_PREFIX.length));
    if (group !== undefined) return ctx.topics.createSystemTopic(h.topic, group.retryQueueNums, PERM_READ_WRITE);
  }
  const created = ctx.topics.createOnSend(h.topic, h.defaultTopic, h.defaultTopicQueueNums, h.unitMode ? 1 : 0);
  if (created !== undefined) return created;
  const hint = ctx.options.autoCreateTopicEnable
    ? `the default topic[${h.defaultTopic}] cannot create it`
    : "autoCreateTopicEnable=false";
  throw new BrokerError(
    ResponseCode.TOPIC_NOT_EXIST,
    `topic[${h.topic}] not exist, apply first please! (${hint}; create it with mqadmin updateTopic)`,
  );
}

/** A negative id means "any": a random writable queue. Ids past both queue counts are refused. */
function pickQueueId(config: TopicConfig, requested: number, producerGroup: string): number {
  if (requested < 0) return Math.floor(Math.random() * Math.max(1, config.writeQueueNums));
  const idsValid = Math.max(config.readQueueNums, config.writeQueueNums);
  if (requested >= idsValid) {
    throw new BrokerError(
      ResponseCode.SYSTEM_ERROR,
      `request queueId[${requested}] is illegal, topic[${config.topicName}] has writeQueueNums=` +
        `${config.writeQueueNums} readQueueNums=${config.readQueueNums}, producer group ${producerGroup}`,
    );
  }
  return requested;
}
