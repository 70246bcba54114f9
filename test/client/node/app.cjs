// The same client from a CommonJS Node.js application: require("mq") resolves to dist/client.cjs.
// Sends one message and prints its SendResult as a JSON line.
//   node app.cjs <namesrvAddr> <topic>
const { Producer } = require("mq");

async function main() {
  const [namesrvAddr, topic] = process.argv.slice(2);
  const producer = new Producer({ namesrvAddr, producerGroup: "node-cjs-pg" });
  await producer.start();
  const r = await producer.send({ topic, body: "from require", tags: "TagC" });
  process.stdout.write(`${JSON.stringify({ sent: r.sendStatus, queueOffset: r.queueOffset })}\n`);
  await producer.shutdown();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
