// slaveReadEnable against the compiled binary: PULL_MESSAGE's suggestWhichBrokerId moves mq's
// consumer between the master and its slave. The master counts everything as read from disk
// (accessMessageInMemoryMaxRatio=0: it sends every pull that finds messages to the slave), the
// slave counts everything as in memory (100: it sends every pull back), so a consumer of a
// backlog goes back and forth and both brokers hand out messages.
import { afterEach, expect, test } from "bun:test";
import { killAll, startCluster, type Cluster } from "./harness.ts";
import { consume, produce, runtimeNumber, SEGMENT_BYTES, slaveCaughtUp, startPair } from "./replication-harness.ts";

let cluster: Cluster | undefined;
afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

const MESSAGES = 2000;

test("slaveReadEnable: mq's consumer is sent to the slave by a master reading from disk and back by a slave reading in memory, and gets every message once", async () => {
  cluster = await startCluster({
    brokerRole: "ASYNC_MASTER", mappedFileSizeCommitLog: SEGMENT_BYTES, slaveReadEnable: "true", accessMessageInMemoryMaxRatio: 0,
  });
  const slave = await startPair(cluster, "ReadTopic", { slaveReadEnable: "true", accessMessageInMemoryMaxRatio: 100 });
  expect([...(await produce(cluster, "ReadTopic", MESSAGES)).values()].every((s) => s === "SEND_OK")).toBe(true);
  await slaveCaughtUp(cluster, slave);
  const gets = async () => [await runtimeNumber(cluster!, cluster!.brokerAddr, "msgGetTotalTodayNow"), await runtimeNumber(cluster!, slave.addr, "msgGetTotalTodayNow")];
  const [masterBefore, slaveBefore] = await gets();
  const bodies = await consume(cluster, "ReadTopic", "GID_READS", MESSAGES);
  expect(new Set(bodies).size).toBe(MESSAGES);
  const [masterAfter, slaveAfter] = await gets();
  expect(slaveAfter! - slaveBefore!, "messages the slave handed out").toBeGreaterThan(0);
  expect(masterAfter! - masterBefore!, "messages the master handed out").toBeGreaterThan(0);
}, 60_000);
