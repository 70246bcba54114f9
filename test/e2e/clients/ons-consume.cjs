// Consumes with the real ali-ons 4.x push consumer and prints one JSON line per message.
// Config from MQ_TEST (JSON): { nameSrv, topic, group, expression?, fromFirst?, failTimes?, accessKey?,
// secretKey? (ACL: every request signed) }.
// failTimes: throw for a message until it was delivered that many times (exercises retry).
// Runs until killed; prints {"ready":true} once subscribed.
'use strict';
const { Consumer } = require('ali-ons');

const cfg = JSON.parse(process.env.MQ_TEST);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const seen = new Map();

const consumer = new Consumer({
  httpclient: {},
  nameSrv: cfg.nameSrv,
  consumerGroup: cfg.group,
  clientIP: '127.0.0.1',
  consumeFromWhere: cfg.fromFirst === false ? 'CONSUME_FROM_LAST_OFFSET' : 'CONSUME_FROM_FIRST_OFFSET',
  persistConsumerOffsetInterval: 1000,
  rebalanceInterval: 2000,
  accessKey: cfg.accessKey,
  secretKey: cfg.secretKey,
});
consumer.on('error', (e) => out({ error: String(e && e.message) }));
consumer.subscribe(cfg.topic, cfg.expression || '*', async (msg) => {
  const body = msg.body.toString();
  const n = (seen.get(body) || 0) + 1;
  seen.set(body, n);
  out({ topic: msg.topic, tags: msg.tags, keys: msg.keys, body, queueId: msg.queueId, queueOffset: msg.queueOffset,
        msgId: msg.msgId, reconsumeTimes: msg.reconsumeTimes, delivery: n });
  if (cfg.failTimes && n <= cfg.failTimes) throw new Error(`failing delivery ${n} on purpose`);
});
// Report the queues this consumer owns after every rebalance, so tests can await a settled split.
consumer.on(`topic_${cfg.topic}_queue_changed`, () => {
  const queues = [...consumer.processQueueTable.values()]
    .map((item) => item.messageQueue)
    .filter((mq) => mq && mq.topic === cfg.topic)
    .map((mq) => mq.queueId)
    .sort((a, b) => a - b);
  out({ queues });
});
// The retry topic's queues, once its route was found and rebalanced (clustering consumers subscribe it).
consumer.on(`topic_%RETRY%${cfg.group}_queue_changed`, () => {
  const retryQueues = [...consumer.processQueueTable.values()]
    .map((item) => item.messageQueue)
    .filter((mq) => mq && mq.topic === `%RETRY%${cfg.group}`)
    .map((mq) => mq.queueId);
  out({ retryQueues });
});
consumer.ready().then(() => out({ ready: true }), (e) => { out({ fatal: String(e && e.stack) }); process.exit(1); });
process.on('SIGTERM', () => { consumer.close().finally(() => process.exit(0)); });
