// Sends messages with the real ali-ons 4.x client and prints one JSON line per send result.
// Config comes from the MQ_TEST env var (JSON): { nameSrv, topic, count, tags?: string[], group?,
// keyPrefix?, concurrency?, bodySize?, deliverAfterMs? (setStartDeliverTime(now + it)), accessKey?,
// secretKey? (ACL: every request signed), failPauseMs? (a worker waits this long after a failed
// send, as an application backs off; 0 when not given) }. Exits 0 after the last result.
'use strict';
const { Producer, Message } = require('ali-ons');

const cfg = JSON.parse(process.env.MQ_TEST);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

async function main() {
  const producer = new Producer({
    httpclient: {},
    nameSrv: cfg.nameSrv,
    producerGroup: cfg.group || 'PG_TEST',
    clientIP: '127.0.0.1',
    accessKey: cfg.accessKey,
    secretKey: cfg.secretKey,
  });
  producer.on('error', (e) => out({ error: String(e && e.message) }));
  await producer.ready();
  const tags = cfg.tags || ['TagA'];
  let next = 0;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= cfg.count) return;
      const tag = tags[i % tags.length];
      const body = cfg.bodySize ? 'x'.repeat(cfg.bodySize) : `msg-${i}`;
      const msg = new Message(cfg.topic, tag, body);
      msg.keys = [`${cfg.keyPrefix || 'k'}-${i}`];
      const deliverAt = cfg.deliverAfterMs ? Date.now() + cfg.deliverAfterMs : undefined;
      if (deliverAt) msg.setStartDeliverTime(deliverAt);
      try {
        const r = await producer.send(msg);
        out({ i, tag, status: r.sendStatus, msgId: r.msgId, queueId: r.messageQueue.queueId, queueOffset: r.queueOffset, deliverAt });
      } catch (e) {
        out({ i, tag, failed: String(e && e.message) });
        if (cfg.failPauseMs) await new Promise((resolve) => setTimeout(resolve, cfg.failPauseMs));
      }
    }
  }
  await Promise.all(Array.from({ length: cfg.concurrency || 1 }, worker));
  out({ done: true });
  await producer.close();
  process.exit(0);
}
main().catch((e) => { out({ fatal: String(e && e.stack) }); process.exit(1); });
