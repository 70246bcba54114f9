// The epoch file and RocketMQ's truncation algorithm: where a returning broker's log and its new
// master's part.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EpochFile, truncationPoint } from "../../src/broker/controller-mode/index.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), "mq-epoch-"));
  dirs.push(dir);
  return join(dir, "epochFileCheckpoint");
}

test("the epoch file keeps (epoch, start offset) lines across a reopen, and a new epoch drops entries past its start", () => {
  const path = file();
  const epochs = new EpochFile(path);
  epochs.append(1, 0);
  epochs.append(2, 900);
  epochs.append(2, 950); // the same epoch again: nothing
  expect(readFileSync(path, "utf8")).toBe("1 0\n2 900\n");
  const reopened = new EpochFile(path);
  expect(reopened.withEnds(1200)).toEqual([{ epoch: 1, startOffset: 0, endOffset: 900 }, { epoch: 2, startOffset: 900, endOffset: 1200 }]);
  reopened.append(4, 800); // a log cut below 900 since, then elected at epoch 4
  expect(reopened.all()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 4, startOffset: 800 }]);
  expect(() => reopened.replace([{ epoch: 5, startOffset: 10 }, { epoch: 3, startOffset: 20 }])).toThrow("epoch file");
});

test("an old master that wrote past what the new master had is cut at the new master's start of its epoch", () => {
  const oldMaster = [{ epoch: 1, startOffset: 0, endOffset: 1000 }];
  const newMaster = [{ epoch: 1, startOffset: 0, endOffset: 900 }, { epoch: 2, startOffset: 900, endOffset: 5000 }];
  expect(truncationPoint(oldMaster, newMaster)).toBe(900);
});

test("a slave behind its master is not cut, and one sharing no epoch with it is cut to nothing", () => {
  const master = [{ epoch: 1, startOffset: 0, endOffset: 900 }, { epoch: 3, startOffset: 900, endOffset: 2000 }];
  expect(truncationPoint([{ epoch: 1, startOffset: 0, endOffset: 700 }], master)).toBe(700);
  expect(truncationPoint([{ epoch: 1, startOffset: 0, endOffset: 900 }, { epoch: 3, startOffset: 900, endOffset: 1500 }], master)).toBe(1500);
  // epoch 2 was a master the new one never followed: the slave's epoch 2 bytes go, epoch 1's stay
  expect(truncationPoint([{ epoch: 1, startOffset: 0, endOffset: 850 }, { epoch: 2, startOffset: 850, endOffset: 1200 }], master)).toBe(850);
  expect(truncationPoint([{ epoch: 7, startOffset: 0, endOffset: 100 }], master)).toBe(0);
  expect(truncationPoint([], master)).toBeUndefined();
});
