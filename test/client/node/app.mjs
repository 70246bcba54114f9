// A Node.js application using mq's client as the package exports it (dist/client.js, built by
// `npm run build`): sends with tags, keys and a property, and consumes them back with a push
// consumer. Prints one JSON line per step; the test (node-app.test.ts) runs it under `node`.
//   node app.mjs <namesrvAddr> <topic> <count>
import { Producer, PushConsumer } from "mq";

const [namesrvAddr, topic, countText] = process.argv.slice(2);
const count = Number(countText);
const say = (what) => process.stdout.write(`${JSON.stringify(what)}\n`);

const producer = new Producer({ namesrvAddr, producerGroup: "node-app-pg" });
await producer.start();
for (let i = 0; i < count; i++) {
  const r = await producer.send({ topic, body: `node ${i}`, tags: "TagN", keys: `node-key-${i}`, properties: { from: "node" } });
  say({ sent: r.sendStatus, msgId: r.msgId });
}

const received = new Set();
const consumer = new PushConsumer({ namesrvAddr, consumerGroup: "node-app-cg", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET" });
consumer.subscribe(topic, "TagN");
const done = new Promise((resolve) => {
  consumer.registerMessageListener(async (msgs) => {
    for (const m of msgs) {
      received.add(new TextDecoder().decode(m.body));
      say({ received: new TextDecoder().decode(m.body), tags: m.tags, keys: m.keys, from: m.properties.from });
    }
    if (received.size >= count) resolve();
    return "CONSUME_SUCCESS";
  });
});
await consumer.start();
await done;
await consumer.shutdown();
await producer.shutdown();
say({ done: received.size });
process.exit(0);
