// A controller-mode role change happens in place (RocketMQ 5's changeToMaster): the broker keeps
// its remoting server, the connections open on it and the consumers registered by heartbeat, so a
// client that came to a slave goes on with the same socket once that slave is master — as a Java
// or Go consumer needs, which waits 30 s for its next heartbeat after it is forgotten.
import { afterEach, expect, test } from "bun:test";
import {
  decodeConsumerIdList, encodeConsumerGroupHeader, encodeHeartbeatData, pullMessageExtFields, RequestCode, ResponseCode, silentLogger,
  type HeartbeatData,
} from "../../src/common/index.ts";
import { Producer } from "../../src/client/index.ts";
import { request, RemotingClient } from "../../src/remoting/index.ts";
import { killAll } from "./harness.ts";
import { startThreeReplicas, type ControllerGroup } from "./controller-group.ts";

let group: ControllerGroup | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
  await killAll();
  await group?.stop();
  group = undefined;
});

const TOPIC = "RoleChangeTopic";
const GROUP = "GID_ROLE_CHANGE";
const CLIENT_ID = "127.0.0.1@role-change-test";

/** A consumer of TOPIC as a Java push consumer registers it (its pulls then carry no subscription). */
const consumerHeartbeat: HeartbeatData = {
  clientID: CLIENT_ID,
  producerDataSet: [],
  consumerDataSet: [{
    groupName: GROUP, consumeType: "CONSUME_PASSIVELY", messageModel: "CLUSTERING", consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", unitMode: false,
    subscriptionDataSet: [{ topic: TOPIC, subString: "*", tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: "TAG", classFilterMode: false }],
  }],
};

async function sendSoon(producer: Producer, body: string): Promise<{ queueId: number; queueOffset: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const r = await producer.send({ topic: TOPIC, body });
      if (r.sendStatus === "SEND_OK") return { queueId: r.messageQueue.queueId, queueOffset: r.queueOffset };
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await Bun.sleep(100);
  }
}

test("a slave made master keeps its client connections and the consumers registered on it: the same socket pulls without a new heartbeat", async () => {
  group = await startThreeReplicas(TOPIC, (g) => (group = g));
  const g = group;
  const client = new RemotingClient({ log: silentLogger });
  cleanups.push(() => client.close());
  const closed: string[] = [];
  client.onClose((addr) => closed.push(addr));
  const slaves = g.brokers.slice(1);
  for (const s of slaves) {
    const res = await client.invoke(s.addr, request(RequestCode.HEART_BEAT, {}, encodeHeartbeatData(consumerHeartbeat)), 3000);
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
  }
  const old = g.brokers[0];
  await old?.proc?.kill("SIGKILL");
  const next = await g.awaitMaster(old?.addr, 10_000);
  await next.proc?.waitFor(/serving as master/);

  const ids = await client.invoke(next.addr, request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, encodeConsumerGroupHeader(GROUP)), 3000);
  expect(ids.code, `the consumer registered on the slave, asked of the new master: ${ids.remark}`).toBe(ResponseCode.SUCCESS);
  expect(decodeConsumerIdList(ids.body)).toEqual([CLIENT_ID]);

  const producer = new Producer({ namesrvAddr: g.namesrvAddr, producerGroup: "PID_ROLE_CHANGE", sendMsgTimeoutMs: 3000 });
  await producer.start();
  cleanups.push(() => producer.shutdown());
  const sent = await sendSoon(producer, "after-the-change");
  const pull = await client.invoke(next.addr, request(RequestCode.PULL_MESSAGE, pullMessageExtFields({
    consumerGroup: GROUP, topic: TOPIC, queueId: sent.queueId, queueOffset: sent.queueOffset, maxMsgNums: 32, sysFlag: 0, commitOffset: 0,
    suspendTimeoutMillis: 0, subscription: undefined, subVersion: 0, expressionType: undefined,
  })), 3000);
  expect(pull.code, `a pull with the subscription the heartbeat gave: ${pull.remark}`).toBe(ResponseCode.SUCCESS);
  expect(new TextDecoder().decode(pull.body)).toContain("after-the-change");
  expect(closed, "connections closed by the broker").toEqual([]);
}, 90_000);
