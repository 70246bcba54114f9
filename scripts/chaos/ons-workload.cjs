// The chaos run's ali-ons workload (RocketMQ's 4.x Node client, run by node as applications do):
// producer lanes sending to the plain topic at a steady rate and a push consumer of that topic in
// its own group. Journal lines as scripts/chaos/journal.ts describes. Producers stop when the
// stop-producing file appears, the consumer when stop-all does.
// Config: CHAOS_WORKLOAD (JSON): { namesrvAddr, journal, stopProducing, stopAll, plainTopic,
// onsGroup, lanes, intervalMs }.
'use strict';
const fs = require('node:fs');
const { Producer, Consumer, Message } = require('ali-ons');

const cfg = JSON.parse(process.env.CHAOS_WORKLOAD);
const fd = fs.openSync(cfg.journal, 'a');
let pending = [];
const flush = () => {
  if (pending.length === 0) return;
  const text = pending.join('');
  pending = [];
  fs.writeSync(fd, text);
};
const timer = setInterval(flush, 200);
const write = (o) => pending.push(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const producing = () => !fs.existsSync(cfg.stopProducing);
const errorText = (e) => String((e && e.message) || e).slice(0, 200);
// ali-ons logs every failed request through its logger; keep stderr for what matters.
const quiet = { info() {}, warn() {}, debug() {}, error() {} };

async function lane(producer, n0) {
  for (let n = 0; producing(); n++) {
    const id = `ons-${n0}-${n}`;
    const t0 = Date.now();
    const msg = new Message(cfg.plainTopic, 'TagA', id);
    msg.keys = [id];
    try {
      const r = await producer.send(msg);
      if (r.sendStatus === 'SEND_OK') {
        write({ k: 'ack', c: 'ons', t: Date.now(), topic: cfg.plainTopic, id, q: r.messageQueue.queueId, o: r.queueOffset });
      } else {
        write({ k: 'fail', c: 'ons', t: Date.now(), topic: cfg.plainTopic, id, err: r.sendStatus });
      }
    } catch (e) {
      write({ k: 'fail', c: 'ons', t: Date.now(), topic: cfg.plainTopic, id, err: errorText(e) });
    }
    await sleep(Math.max(0, cfg.intervalMs - (Date.now() - t0)));
  }
}

async function main() {
  const common = { httpclient: {}, nameSrv: cfg.namesrvAddr, clientIP: '127.0.0.1', logger: quiet };
  const consumer = new Consumer({ ...common, consumerGroup: cfg.onsGroup, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    persistConsumerOffsetInterval: 1000 });
  consumer.on('error', () => {});
  consumer.subscribe(cfg.plainTopic, '*', async (msg) => {
    write({ k: 'recv', g: cfg.onsGroup, t: Date.now(), topic: msg.topic, id: msg.body.toString(), q: msg.queueId, o: msg.queueOffset });
  });
  const producer = new Producer({ ...common, producerGroup: 'PG_CHAOS_ONS' });
  producer.on('error', () => {});
  await Promise.all([producer.ready(), consumer.ready()]);
  console.log('ons workload ready');
  await Promise.all(Array.from({ length: cfg.lanes }, (_, n) => lane(producer, n)));
  flush();
  console.log('ons producers stopped');
  await producer.close().catch(() => {});
  while (!fs.existsSync(cfg.stopAll)) await sleep(200);
  await consumer.close().catch(() => {});
  clearInterval(timer);
  flush();
  fs.closeSync(fd);
  console.log('ons workload stopped');
  process.exit(0);
}

main().catch((e) => {
  flush();
  console.error(`ons workload failed: ${e && e.stack}`);
  process.exit(1);
});
