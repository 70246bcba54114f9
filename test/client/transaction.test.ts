// Transactions end to end against the compiled ./mq with mq's TransactionProducer: commit is
// delivered once, rollback never, UNKNOW is settled by the check-back (through any producer of
// the group), and a broker restarted mid-transaction still settles it.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { PushConsumer, TransactionProducer, type LocalTransactionState, type TransactionListener } from "../../src/client/index.ts";
import { MQ, type Cluster } from "../e2e/harness.ts";
import { clientCluster, createTopic, fast, Received } from "./fixture.ts";

let cluster: Cluster;
const stoppers = clientCluster("pg-tx-plain", (c) => (cluster = c), {
  transactionTimeOut: 500,
  transactionCheckInterval: 300,
});

function consumer(group: string, topic: string): Received {
  const received = new Received();
  const c = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast });
  c.subscribe(topic, "*");
  c.registerMessageListener((msgs) => (received.add(msgs), "CONSUME_SUCCESS"));
  stoppers.push(() => c.shutdown());
  void c.start();
  return received;
}

async function txProducer(group: string, listener: TransactionListener): Promise<TransactionProducer> {
  const p = new TransactionProducer({ namesrvAddr: cluster.namesrvAddr, producerGroup: group, ...fast }, listener);
  await p.start();
  stoppers.push(() => p.shutdown());
  return p;
}

const answer = (execute: LocalTransactionState, check: LocalTransactionState = "UNKNOW", checks: string[] = []): TransactionListener => ({
  executeLocalTransaction: () => execute,
  checkLocalTransaction: (m) => (checks.push(new TextDecoder().decode(m.body)), check),
});

describe.skipIf(!existsSync(MQ))("transactions against mq", () => {
  test("a committed transaction is delivered once, a rolled back one never", async () => {
    await createTopic(cluster.namesrvAddr, "TxCommit", 2);
    const received = consumer("cg-tx-commit", "TxCommit");
    const committer = await txProducer("pg-tx-commit", answer("COMMIT_MESSAGE"));
    const rollbacker = await txProducer("pg-tx-rollback", answer("ROLLBACK_MESSAGE"));
    const r1 = await committer.sendMessageInTransaction({ topic: "TxCommit", body: "committed" });
    expect(r1.localTransactionState).toBe("COMMIT_MESSAGE");
    await rollbacker.sendMessageInTransaction({ topic: "TxCommit", body: "rolled back" });
    await committer.sendMessageInTransaction({ topic: "TxCommit", body: "sentinel" });
    await received.until(() => received.bodies().includes("sentinel"), "the sentinel");
    await Bun.sleep(1500); // several check rounds: nothing may appear late
    expect(received.bodies().sort()).toEqual(["committed", "sentinel"]);
    expect(received.messages[0]!.properties.TRAN_MSG).toBeUndefined();
  }, 30_000);

  test("an UNKNOW transaction is checked back and committed by the check", async () => {
    await createTopic(cluster.namesrvAddr, "TxUnknown", 1);
    const received = consumer("cg-tx-unknown", "TxUnknown");
    const checks: string[] = [];
    const p = await txProducer("pg-tx-unknown", answer("UNKNOW", "COMMIT_MESSAGE", checks));
    await p.sendMessageInTransaction({ topic: "TxUnknown", body: "settled by the check" });
    await received.count(1);
    expect(checks).toEqual(["settled by the check"]);
    await Bun.sleep(1000);
    expect(received.bodies()).toEqual(["settled by the check"]);
  }, 30_000);

  test("a producer gone between half and commit is checked back through another producer of its group", async () => {
    await createTopic(cluster.namesrvAddr, "TxOrphan", 1);
    const received = consumer("cg-tx-orphan", "TxOrphan");
    const gone = new TransactionProducer({ namesrvAddr: cluster.namesrvAddr, producerGroup: "pg-tx-orphan", ...fast }, answer("UNKNOW"));
    await gone.start();
    await gone.sendMessageInTransaction({ topic: "TxOrphan", body: "orphan" });
    await gone.shutdown();
    const checks: string[] = [];
    await txProducer("pg-tx-orphan", answer("UNKNOW", "COMMIT_MESSAGE", checks));
    await received.count(1, 20_000);
    expect(received.bodies()).toEqual(["orphan"]);
    expect(checks).toContain("orphan");
  }, 30_000);

  test("a broker restarted mid-transaction keeps the half message and settles it by check-back", async () => {
    await createTopic(cluster.namesrvAddr, "TxRestart", 1);
    const p = await txProducer("pg-tx-restart", answer("UNKNOW", "UNKNOW"));
    await p.sendMessageInTransaction({ topic: "TxRestart", body: "survives" });
    await cluster.broker.kill("SIGTERM");
    await cluster.startBroker();
    const checks: string[] = [];
    await txProducer("pg-tx-restart", answer("UNKNOW", "COMMIT_MESSAGE", checks));
    await p.shutdown();
    const received = consumer("cg-tx-restart", "TxRestart");
    await received.count(1, 20_000);
    await Bun.sleep(1000);
    expect(received.bodies()).toEqual(["survives"]);
  }, 40_000);
});
