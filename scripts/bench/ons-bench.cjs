// ali-ons (RocketMQ's 4.x Node client, run by node as applications run it) as a benchmark client,
// for scripts/bench-peers.sh: produce COUNT messages of SIZE bytes from LANES concurrent send
// loops (or for DURATION_S seconds), or consume a topic with a push consumer until COUNT arrive.
// Prints RocketMQ-benchmark-style lines each second and one JSON summary line at the end:
//   {"phase":"produce","messages":N,"seconds":S,"tps":T,"rtAvgMs":R,"errors":E}
// Usage: node ons-bench.cjs produce|consume <namesrv> <topic> [--size 1024] [--lanes 64]
//        [--count N | --seconds S] [--group G]
'use strict';
const { Producer, Consumer, Message } = require('ali-ons');

const [mode, nameSrv, topic, ...rest] = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = rest.indexOf(`--${name}`);
  return at >= 0 ? rest[at + 1] : fallback;
};
const size = Number(opt('size', 1024));
const lanes = Number(opt('lanes', 64));
const count = Number(opt('count', 0));
const seconds = Number(opt('seconds', 0));
const group = opt('group', 'CG_BENCH_ONS');
const quiet = { info() {}, warn() {}, debug() {}, error() {} };
const common = { httpclient: {}, nameSrv, clientIP: '127.0.0.1', logger: quiet };

function ticker(label) {
  let last = 0;
  let lastRt = 0;
  let lastN = 0;
  const state = { n: 0, rtSum: 0, errors: 0 };
  const timer = setInterval(() => {
    const n = state.n - lastN;
    const rt = n > 0 ? (state.rtSum - lastRt) / n : 0;
    console.log(`${label} TPS: ${n} Average RT(ms): ${rt.toFixed(3)} Errors: ${state.errors - last}`);
    lastN = state.n;
    lastRt = state.rtSum;
    last = state.errors;
  }, 1000);
  return { state, stop: () => clearInterval(timer) };
}

async function produce() {
  const producer = new Producer({ ...common, producerGroup: 'PG_BENCH_ONS' });
  producer.on('error', () => {});
  await producer.ready();
  const body = Buffer.alloc(size, 0x61);
  const t = ticker('Send');
  const t0 = Date.now();
  const deadline = seconds > 0 ? t0 + seconds * 1000 : Infinity;
  let issued = 0;
  const more = () => (count > 0 ? issued++ < count : Date.now() < deadline);
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (more()) {
      const s = process.hrtime.bigint();
      try {
        const r = await producer.send(new Message(topic, 'TagA', body));
        if (r.sendStatus === 'SEND_OK') t.state.n++;
        else t.state.errors++;
      } catch {
        t.state.errors++;
      }
      t.state.rtSum += Number(process.hrtime.bigint() - s) / 1e6;
    }
  }));
  const secs = (Date.now() - t0) / 1000;
  t.stop();
  console.log(JSON.stringify({ phase: 'produce', messages: t.state.n, seconds: secs, tps: t.state.n / secs,
    rtAvgMs: t.state.rtSum / Math.max(1, t.state.n), errors: t.state.errors }));
  await producer.close();
}

async function consume() {
  const consumer = new Consumer({ ...common, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    persistConsumerOffsetInterval: 1000 });
  consumer.on('error', () => {});
  const t = ticker('Consume');
  let t0 = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  consumer.subscribe(topic, '*', async () => {
    if (t0 === 0) t0 = Date.now();
    t.state.n++;
    if (count > 0 && t.state.n >= count) done();
  });
  await consumer.ready();
  if (seconds > 0) setTimeout(done, seconds * 1000);
  await finished;
  const secs = (Date.now() - t0) / 1000;
  t.stop();
  console.log(JSON.stringify({ phase: 'consume', messages: t.state.n, seconds: secs, tps: t.state.n / secs, errors: 0 }));
  await consumer.close();
}

(mode === 'produce' ? produce() : consume()).then(() => process.exit(0), (e) => {
  console.error(String((e && e.stack) || e));
  process.exit(1);
});
