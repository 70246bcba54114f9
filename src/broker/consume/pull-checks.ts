// What PULL_MESSAGE checks before it reads, in RocketMQ's order (PullMessageProcessor): broker
// and group permissions, the topic and queue, then the subscription to filter with. Every refusal
// is a BrokerError carrying the response code a client acts on.
import { BrokerError, Perm, ResponseCode, parseProperties, type SubscriptionGroupConfig } from "../../common/index.ts";
import type { MessageFilter } from "../../store/index.ts";
import type { BrokerContext, ConsumerSubscription } from "../context.ts";
import { FilterParseError, type SelectorCache, type Sql92Selector } from "../filter/index.ts";
import { sqlFilter, tagFilter } from "./message-filter.ts";
import { PullSysFlag, hasPullFlag, type PullMessageRequestHeader } from "../../common/index.ts";
import { SQL92_DISABLED_REMARK, buildSubscription, expressionTypeOf, sql92ParseFailedRemark } from "./subscription.ts";

const FAQ_URL = "https://rocketmq.apache.org/docs/bestPractice/06FAQ";

/** A pull that passed its checks: it can be run now and, if held, run again later. */
export interface PreparedPull {
  header: PullMessageRequestHeader;
  group: SubscriptionGroupConfig;
  subscription: ConsumerSubscription;
  filter: MessageFilter;
  /** For an SQL92 subscription: does an arriving message (its properties string) match? */
  matchArrived?: (properties: string) => boolean;
}

export function preparePull(
  ctx: BrokerContext,
  header: PullMessageRequestHeader,
  clientAddr: string,
  selectors: SelectorCache,
): PreparedPull {
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
  if (subscription.expressionType === "TAG") return { header, group, subscription, filter: tagFilter(subscription) };
  const selector = sql92SelectorOf(ctx, selectors, header, subscription);
  return {
    header,
    group,
    subscription,
    filter: sqlFilter(selector),
    matchArrived: (properties) => selector.matches(parseProperties(properties)),
  };
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
  const consumers = ctx.clients.consumerGroup(header.consumerGroup);
  // RocketMQ checks this only for pulls without a subscription; a group that forbids
  // broadcasting is refused whichever way its consumers pull.
  if (!group.consumeBroadcastEnable && consumers?.messageModel === "BROADCASTING") {
    throw new BrokerError(
      ResponseCode.NO_PERMISSION,
      `the consumer group[${header.consumerGroup}] can not consume by broadcast way`,
    );
  }
  if (hasPullFlag(header, PullSysFlag.SUBSCRIPTION)) {
    return buildSubscription(header.topic, header.subscription, expressionTypeOf(header.expressionType), Date.now());
  }
  if (consumers === undefined) {
    throw new BrokerError(ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's group info not exist");
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

/** The subscription's compiled selector; request-carried ones are cached under the request's subVersion. */
function sql92SelectorOf(
  ctx: BrokerContext,
  selectors: SelectorCache,
  header: PullMessageRequestHeader,
  subscription: ConsumerSubscription,
): Sql92Selector {
  if (!ctx.options.enablePropertyFilter) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, SQL92_DISABLED_REMARK);
  }
  const subVersion = hasPullFlag(header, PullSysFlag.SUBSCRIPTION) ? header.subVersion : subscription.subVersion;
  try {
    return selectors.get(header.consumerGroup, header.topic, subVersion, subscription.subString);
  } catch (err) {
    if (!(err instanceof FilterParseError)) throw err;
    throw new BrokerError(ResponseCode.SUBSCRIPTION_PARSE_FAILED, sql92ParseFailedRemark(subscription.subString, err));
  }
}
