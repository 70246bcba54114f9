// PULL_MESSAGE's suggestWhichBrokerId (RocketMQ's PullMessageProcessor with slaveReadEnable): a
// pull reading beyond accessMessageInMemoryMaxRatio of RAM behind the commitlog's end is sent to
// the group's whichBrokerWhenConsumeSlowly (1), any other pull to its brokerId (0, the master).
// Ratio 0 makes every found message "on disk"; 100 counts the whole of RAM as memory.
import { afterEach, expect, test } from "bun:test";
import type { ExtFieldsInit } from "../../src/common/index.ts";
import type { BrokerOptions } from "../../src/broker/context.ts";
import { pullBroker, pullFieldsOf, putTagged } from "./consume-store.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function suggested(overrides: Partial<BrokerOptions>, fields: ExtFieldsInit = {}): Promise<string | undefined> {
  const broker = await pullBroker(cleanups, overrides, {});
  await putTagged(broker.store, "T", 0, ["a", "b", "c"]);
  const res = await broker.pullWith(pullFieldsOf({ subscription: "*", expressionType: "TAG", ...fields }));
  return res?.extFields.suggestWhichBrokerId;
}

test("with slaveReadEnable, a pull reading from disk is told to pull from broker 1, the slave", async () => {
  expect(await suggested({ slaveReadEnable: true, accessMessageInMemoryMaxRatio: 0 })).toBe("1");
});

test("with slaveReadEnable, a pull reading within memory, or finding nothing, is told broker 0, the master", async () => {
  expect(await suggested({ slaveReadEnable: true, accessMessageInMemoryMaxRatio: 100 })).toBe("0");
  expect(await suggested({ slaveReadEnable: true, accessMessageInMemoryMaxRatio: 0 }, { queueOffset: 3 })).toBe("0");
});

test("without slaveReadEnable every pull is told broker 0, however far behind it reads", async () => {
  expect(await suggested({ slaveReadEnable: false, accessMessageInMemoryMaxRatio: 0 })).toBe("0");
});
