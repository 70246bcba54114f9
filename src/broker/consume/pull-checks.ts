// What PULL_MESSAGE checks before it reads, in RocketMQ's order (PullMessageProcessor): broker
// and group permissions, the topic and queue, then the subscription to filter with. Every refusal
// is a BrokerError carrying the response code a client acts on.
import { BrokerError, Perm, ResponseCode, type SubscriptionGroupConfig } from "../../common/index.ts";
import type { MessageFilter } from "../../store/index.ts";
import type { BrokerContext, ConsumerSubscription } from "../context.ts";
import { tagFilter } from "./message-filter.ts";
import { PullSysFlag, hasPullFlag, type PullMessageRequestHeader } from "./pull-header.ts";
import { buildSubscription, expressionTypeOf } from "./subscription.ts";

const FAQ_URL = "https://rocketmq.apache.org/docs/bestPractice/06FAQ";

/** A pull that passed its checks: it can be run now and, if held, run again later. */
export interface PreparedPull {
  header: PullMessageRequestHeader;
  group: SubscriptionGroupConfig;
  subscription: ConsumerSubscription;
  filter: MessageFilter;
}

export function preparePull(ctx: BrokerContext, header: PullMessageRequestHeader, clientAddr: string): PreparedPull {
  const { options } = ctx;
  if ((options.brokerPermission & Perm.READ) === 0) {
    throw new BrokerError(ResponseCode.NO_PERMISSION, `the broker[${options.brokerIP1}] pulling message is forbidden`);
  }
  const group = ctx.groups.findOrCreate(header.consumerGroup);
  if (group === undefined) {
    throw new BrokerError(
      ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
      `subscription group [${header.consumerGroup}] does not exist, ${FAQ_URL}`,
    );
  }
  if (!group.consumeEnable) {
    throw new BrokerError(ResponseCode.NO_PERMISSION, `subscription group no permission, ${header.consumerGroup}`);
  }
  checkTopic(ctx, header, clientAddr);
  const subscription = subscriptionOf(ctx, header, group);
  return { header, group, subscription, filter: filterOf(ctx, subscription) };
}

function checkTopic(ctx: BrokerContext, header: PullMessageRequestHeader, clientAddr: string): void {
  const topic = ctx.topics.get(header.topic);
  if (topic === undefined) {
    throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `topic[${header.topic}] not exist, apply first please! ${FAQ_URL}`);
  }
  if ((topic.perm & Perm.READ) === 0) {
    throw new BrokerError(ResponseCode.NO_PERMISSION, `the topic[${header.topic}] pulling message is forbidden`);
  }
  if (header.queueId < 0 || header.queueId >= topic.readQueueNums) {
    throw new BrokerError(
      ResponseCode.SYSTEM_ERROR,
      `queueId[${header.queueId}] is illegal, topic:[${header.topic}] topicConfig.readQueueNums:[${topic.readQueueNums}] consumer:[${clientAddr}]`,
    );
  }
}

/** From the request when it carries one (ali-ons), else the one the group's heartbeat registered. */
function subscriptionOf(
  ctx: BrokerContext,
  header: PullMessageRequestHeader,
  group: SubscriptionGroupConfig,
): ConsumerSubscription {
  if (hasPullFlag(header, PullSysFlag.SUBSCRIPTION)) {
    return buildSubscription(header.topic, header.subscription, expressionTypeOf(header.expressionType), Date.now());
  }
  const consumers = ctx.clients.consumerGroup(header.consumerGroup);
  if (consumers === undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's group info not exist");
  }
  if (!group.consumeBroadcastEnable && consumers.messageModel === "BROADCASTING") {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the consumer group[${header.consumerGroup}] can not consume by broadcast way`,
    );
  }
  const subscription = consumers.subscriptions.get(header.topic);
  if (subscription === undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's subscription not exist");
  }
  if (subscription.subVersion < header.subVersion) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_NOT_LATEST, "the consumer's subscription not latest");
  }
  return subscription;
}

function filterOf(ctx: BrokerContext, subscription: ConsumerSubscription): MessageFilter {
  if (subscription.expressionType === "TAG") return tagFilter(subscription);
  if (!ctx.options.enablePropertyFilter) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, "The broker does not support consumer to filter message by SQL92");
  }
  throw new BrokerError(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "SQL92 filter is not supported yet");
}
