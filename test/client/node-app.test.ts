// The client as a Node.js application gets it: `import { Producer, PushConsumer } from "mq"`
// (or `require("mq")`) resolves through package.json's exports to dist/client.js (client.cjs),
// built with ./mq by `npm run build`, runs under `node` and talks to the compiled broker.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createTopic } from "./fixture.ts";
import { killAll, MQ, ROOT, spawnProc, startCluster, type Cluster } from "../e2e/harness.ts";

const BUNDLES = [join(ROOT, "dist", "client.js"), join(ROOT, "dist", "client.cjs")];

describe.skipIf(!existsSync(MQ) || !BUNDLES.every((bundle) => existsSync(bundle)))("client under Node.js", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 30_000);
  afterAll(async () => {
    await killAll();
    await cluster?.stop();
  });

  test("a Node application imports the package, sends with tags, keys and properties, and consumes them", async () => {
    await createTopic(cluster.namesrvAddr, "NodeTopic");
    const app = spawnProc("node-app", ["node", join(import.meta.dir, "node", "app.mjs"), cluster.namesrvAddr, "NodeTopic", "5"]);
    expect(await app.exited, app.output()).toBe(0);
    const sent = app.objects.filter((o) => "sent" in o);
    expect(sent.map((o) => o.sent)).toEqual(new Array(5).fill("SEND_OK"));
    const received = app.objects.filter((o) => "received" in o);
    expect(received.map((o) => o.received).sort()).toEqual(["node 0", "node 1", "node 2", "node 3", "node 4"]);
    for (const o of received) expect(o).toMatchObject({ tags: "TagN", keys: `node-key-${String(o.received).slice(5)}`, from: "node" });
    expect(app.objects.at(-1)).toEqual({ done: 5 });
  }, 45_000);

  test("a CommonJS Node application requires the package and sends", async () => {
    await createTopic(cluster.namesrvAddr, "NodeCjsTopic");
    const app = spawnProc("node-cjs-app", ["node", join(import.meta.dir, "node", "app.cjs"), cluster.namesrvAddr, "NodeCjsTopic"]);
    expect(await app.exited, app.output()).toBe(0);
    expect(app.objects).toEqual([{ sent: "SEND_OK", queueOffset: 0 }]);
  }, 30_000);
});
