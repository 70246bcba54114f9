import { describe, expect, test } from "bun:test";
import { allocateAveragely } from "../../src/client/allocate.ts";
import type { MessageQueue } from "../../src/client/index.ts";

const queues = (n: number, broker = "broker-a"): MessageQueue[] =>
  Array.from({ length: n }, (_, queueId) => ({ topic: "T", brokerName: broker, queueId }));
const ids = (mqs: MessageQueue[]) => mqs.map((q) => `${q.brokerName}:${q.queueId}`);

describe("AllocateMessageQueueAveragely", () => {
  test("8 queues over 3 consumers: the first two take 3 contiguous queues, the last takes 2", () => {
    const all = queues(8);
    const cids = ["c-b", "c-a", "c-c"];
    expect(ids(allocateAveragely(all, cids, "c-a"))).toEqual(["broker-a:0", "broker-a:1", "broker-a:2"]);
    expect(ids(allocateAveragely(all, cids, "c-b"))).toEqual(["broker-a:3", "broker-a:4", "broker-a:5"]);
    expect(ids(allocateAveragely(all, cids, "c-c"))).toEqual(["broker-a:6", "broker-a:7"]);
  });

  test("every queue goes to exactly one consumer whatever the counts", () => {
    for (let n = 0; n <= 13; n++) {
      for (let m = 1; m <= 6; m++) {
        const cids = Array.from({ length: m }, (_, i) => `c${i}`);
        const owned = cids.flatMap((c) => ids(allocateAveragely(queues(n), cids, c)));
        expect(owned.sort()).toEqual(ids(queues(n)).sort());
      }
    }
  });

  test("with more consumers than queues each gets at most one and the extra ones get none", () => {
    const cids = ["a", "b", "c", "d", "e"];
    const counts = cids.map((c) => allocateAveragely(queues(3), cids, c).length);
    expect(counts).toEqual([1, 1, 1, 0, 0]);
  });

  test("queues are sorted by topic, broker and queue id before allocation", () => {
    const mixed = [...queues(2, "broker-b"), ...queues(2, "broker-a")].reverse();
    expect(ids(allocateAveragely(mixed, ["x", "y"], "x"))).toEqual(["broker-a:0", "broker-a:1"]);
    expect(ids(allocateAveragely(mixed, ["x", "y"], "y"))).toEqual(["broker-b:0", "broker-b:1"]);
  });

  test("a consumer missing from the id list gets nothing", () => {
    expect(allocateAveragely(queues(4), ["a", "b"], "z")).toEqual([]);
  });
});
