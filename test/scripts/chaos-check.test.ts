// The chaos run's checker: what counts as lost, duplicated, out of order, and how recovery after a
// fault is measured — from journals written by hand.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkGroup, checkRun, orderViolations, percentile, recoveryOf, type Fault, type GroupSpec } from "../../scripts/chaos/check.ts";
import { readJournals, type Ack, type Receipt } from "../../scripts/chaos/journal.ts";
import { passed } from "../../scripts/chaos/table.ts";

const ack = (id: string, t = 0, c = "mq", topic = "T", extra: Partial<Ack> = {}): Ack =>
  ({ k: "ack", c, t, topic, id, q: 0, o: 0, ...extra });
const recv = (id: string, g = "g", extra: Partial<Receipt> = {}): Receipt =>
  ({ k: "recv", g, t: 0, topic: extra.topic ?? "T", id, q: 0, o: 0, ...extra });
const ordered = (key: string, seq: number, g = "g"): Receipt => recv(`ord-${key}-${seq}`, g, { key, seq });
const plain: GroupSpec = { group: "g", topics: ["T"], orderly: false };

describe("chaos checker", () => {
  test("an acknowledged message the group never received is lost; one received twice is a duplicate", () => {
    const report = checkGroup(plain, [ack("a"), ack("b"), ack("c")], [recv("a"), recv("b"), recv("a")]);
    expect(report.lost).toEqual(["c"]);
    expect(report.duplicates).toBe(1);
    expect(report.acked).toBe(3);
    expect(report.consumed).toBe(2);
  });

  test("a message received without an acknowledged send is counted apart and is not lost", () => {
    const report = checkGroup(plain, [ack("a")], [recv("a"), recv("x")]);
    expect(report.lost).toEqual([]);
    expect(report.unackedConsumed).toBe(1);
  });

  test("a group is held only to the topics it subscribes, and only its own receipts count", () => {
    const lines = [ack("a", 0, "mq", "T"), ack("o", 0, "ord", "O"), recv("a", "g"), recv("o", "other", { topic: "O" })];
    const report = checkRun(lines, [], [plain, { group: "other", topics: ["O"], orderly: true }]);
    expect(report.groups.map((g) => g.lost)).toEqual([[], []]);
    const alone = checkRun([ack("a"), recv("a", "other")], [], [plain]);
    expect(alone.groups[0]!.lost).toEqual(["a"]);
  });

  test("per key, a first receipt below a seq already received is an order violation", () => {
    expect(orderViolations([ordered("k", 0), ordered("k", 2), ordered("k", 1)])).toBe(1);
    expect(orderViolations([ordered("k", 0), ordered("j", 5), ordered("k", 1), ordered("j", 6)])).toBe(0);
  });

  test("redelivering messages already received (a replay after a crash) is not an order violation", () => {
    const replay = [ordered("k", 0), ordered("k", 1), ordered("k", 2), ordered("k", 1), ordered("k", 2), ordered("k", 3)];
    expect(orderViolations(replay)).toBe(0);
    expect(checkGroup({ group: "g", topics: ["T"], orderly: true }, [], replay).duplicates).toBe(2);
  });

  test("order is only judged for orderly groups", () => {
    const receipts = [ordered("k", 1), ordered("k", 0)];
    expect(checkGroup(plain, [], receipts).orderViolations).toBe(0);
    expect(checkGroup({ ...plain, orderly: true }, [], receipts).orderViolations).toBe(1);
  });

  test("recovery runs from the fault's end to the first ack after it, and to the last producer's first ack", () => {
    const fault: Fault = { kind: "kill", startMs: 1000, endMs: 2000 };
    const acks = [ack("a", 900, "mq"), ack("b", 950, "ons"), ack("c", 2300, "mq"), ack("d", 2100, "mq"), ack("e", 5000, "ons")];
    expect(recoveryOf(fault, acks)).toEqual({ fault, anyMs: 100, allMs: 3000 });
  });

  test("a producer that never sends successfully after a fault leaves it unrecovered", () => {
    const fault: Fault = { kind: "disk-full", startMs: 1000, endMs: 2000 };
    const report = checkRun([ack("a", 500, "mq"), ack("b", 500, "ons"), ack("c", 2500, "mq")], [fault], [plain]);
    expect(report.recoveries[0]).toEqual({ fault, anyMs: 500, allMs: undefined });
    expect(report.kinds[0]).toMatchObject({ kind: "disk-full", count: 1, unrecovered: 1, anyMaxMs: 500, allMaxMs: undefined });
  });

  test("faults are summarized per kind with restarts counted and nearest-rank percentiles", () => {
    const faults: Fault[] = [
      { kind: "pause", startMs: 0, endMs: 100 },
      { kind: "pause", startMs: 200, endMs: 300 },
      { kind: "disk-full", startMs: 400, endMs: 500, restartedMs: 600 },
    ];
    const report = checkRun([ack("a", 150), ack("b", 400), ack("c", 700)], faults, [plain]);
    expect(report.kinds.map((k) => [k.kind, k.count, k.restarts, k.anyMaxMs])).toEqual([["pause", 2, 0, 100], ["disk-full", 1, 1, 200]]);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([], 50)).toBeUndefined();
  });

  test("the run passes only with nothing lost and no order violation", () => {
    expect(passed(checkRun([ack("a"), recv("a"), recv("a")], [], [plain]))).toBe(true);
    expect(passed(checkRun([ack("a")], [], [plain]))).toBe(false);
    const orderly = { ...plain, orderly: true };
    expect(passed(checkRun([ordered("k", 1), ordered("k", 0)], [], [orderly]))).toBe(false);
  });

  test("journals are read line by line, skipping a torn last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "mq-chaos-check-"));
    try {
      const path = join(dir, "mq.jsonl");
      writeFileSync(path, `${JSON.stringify(ack("a"))}\n${JSON.stringify(recv("a"))}\n{"k":"ack","c":"mq","t":1,"to`);
      expect(readJournals([path, join(dir, "absent.jsonl")]).map((l) => l.k)).toEqual(["ack", "recv"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
