// ali-ons 3.x, unchanged, through a controller-mode failover (issue 18). ali-ons sends only to
// brokerAddrs["0"] of the route it holds and looks the route up again only at its route poll
// (pollNameServerInteval, 30 s by default): a send to the dead master fails at once (a retry
// wants a queue of another broker name, and there is none), and no failure makes it look again. mq's NameServer names the new
// master as brokerId 0 within a second of the election, as Apache RocketMQ 5.5.0's does; ali-ons
// picks it up at its next poll, against either.
import { afterEach, expect, test } from "bun:test";
import { admin, killAll } from "./harness.ts";
import { onsProducer } from "./ons.ts";
import { tallyOns } from "./ons-failover.ts";
import { consumeAll, startThreeReplicas, type ControllerGroup } from "./controller-group.ts";

/** ali-ons's default pollNameServerInteval, and what the election and a loaded machine add. */
const ROUTE_POLL_MS = 30_000;
const SLACK_MS = 15_000;

let group: ControllerGroup | undefined;
afterEach(async () => {
  await killAll();
  await group?.stop();
  group = undefined;
});

test("ali-ons, unchanged, sends to the new master by its next route poll after the master is SIGKILLed, and every message it had acknowledged is consumed", async () => {
  const g = await startThreeReplicas("OnsFailoverTopic", (started) => (group = started));
  const producer = onsProducer({ nameSrv: g.namesrvAddr, topic: "OnsFailoverTopic", count: 1_000_000, concurrency: 2, failPauseMs: 20 });
  const tally = tallyOns(producer);
  await producer.until(() => tally.read().acked.length >= 200, "200 sends acknowledged", 30_000);
  const old = g.brokers[0];
  tally.killed(old?.port ?? -1);
  await old?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(old?.addr, 10_000);
  // What ali-ons will read at its poll: the new master as brokerId 0, the dead one gone.
  const route = await routeAddrs(g.namesrvAddr, "OnsFailoverTopic", (addrs) => addrs["0"] === next.addr);
  expect(route["0"]).toBe(next.addr);
  expect(Object.values(route)).not.toContain(old?.addr);
  await producer.until(tally.elsewhere(100), "100 sends acknowledged by the new master", ROUTE_POLL_MS + SLACK_MS);
  await producer.kill("SIGKILL");
  expect(tally.firstElsewhereMs).toBeLessThan(ROUTE_POLL_MS + SLACK_MS);
  const got = await consumeAll(g, "OnsFailoverTopic", "GID_ONS_FAILOVER", tally.acked, 60_000);
  const missing = tally.acked.filter((b) => !got.has(b));
  expect(missing.slice(0, 10), `${missing.length} of ${tally.acked.length} acknowledged messages not consumed`).toEqual([]);
}, 150_000);

/** The topic's brokerAddrs (brokerId → address) from mqadmin's topicRoute, once ok() holds (5 s at most). */
async function routeAddrs(namesrvAddr: string, topic: string, ok: (addrs: Record<string, string>) => boolean): Promise<Record<string, string>> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const r = await admin(namesrvAddr, ["topicRoute", "-t", topic]);
    const addrs = r.code === 0 ? ((JSON.parse(r.out) as { brokerDatas: { brokerAddrs: Record<string, string> }[] }).brokerDatas[0]?.brokerAddrs ?? {}) : {};
    if (ok(addrs) || Date.now() > deadline) return addrs;
    await Bun.sleep(100);
  }
}
