// The client surface: a producer, a push consumer and a pull consumer speaking RocketMQ 4.x's
// remoting protocol, so they work against mq and against Apache RocketMQ alike.
export { Producer, CLIENT_INNER_PRODUCER_GROUP, type ProducerOptions, type SendCallback } from "./producer.ts";
export {
  TransactionProducer,
  type LocalTransactionState,
  type TransactionListener,
  type TransactionSendResult,
} from "./transaction-producer.ts";
export { createReplyMessage } from "./request-reply.ts";
export { PushConsumer } from "./push-consumer.ts";
export { PullConsumer, type PullConsumerOptions } from "./pull-consumer.ts";
export type {
  ConsumeContext,
  ConsumeOrderlyContext,
  ConsumeOrderlyStatus,
  MessageListener,
  MessageListenerOrderly,
} from "./listener.ts";
export {
  SendStatus,
  compareQueues,
  mqKey,
  type ConsumeResult,
  type Message,
  type MessageExt,
  type MessageQueue,
  type SendResult,
} from "./message.ts";
export type { ClientOptions, HeaderSerialization } from "./options.ts";
export type { ConsumeFromWhere, ConsumerOptions, MessageModel, PushConsumerOptions } from "./consumer-options.ts";
export { javaHashSelector, type MessageQueueSelector } from "./selector.ts";
export { ClientError, TopicRouteNotFoundError } from "./errors.ts";
export { allocateAveragely } from "./allocate.ts";
export { parseSubscription, parseTagExpression, type MessageSelector } from "./subscription.ts";
export type { PullResult, PullStatus } from "./pull.ts";
