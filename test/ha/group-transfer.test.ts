import { expect, test } from "bun:test";
import { GroupTransfer } from "../../src/ha/index.ts";

test("one acknowledgement answers every send whose record ends at or below it, in order", async () => {
  const transfer = new GroupTransfer({ timeoutMs: 10_000 });
  const answers: string[] = [];
  const waits = [100, 200, 300].map((end) => Promise.resolve(transfer.waitFor(end)).then((s) => answers.push(`${end}:${s}`)));
  transfer.acknowledge(250);
  await Promise.all(waits.slice(0, 2));
  expect(answers).toEqual(["100:PUT_OK", "200:PUT_OK"]);
  expect(transfer.waiting).toBe(1);
  transfer.acknowledge(300);
  await Promise.all(waits);
  expect(answers).toEqual(["100:PUT_OK", "200:PUT_OK", "300:PUT_OK"]);
});

test("a send the slave does not acknowledge within the timeout gets FLUSH_SLAVE_TIMEOUT", async () => {
  const transfer = new GroupTransfer({ timeoutMs: 30 });
  const started = Date.now();
  expect(await transfer.waitFor(100)).toBe("FLUSH_SLAVE_TIMEOUT");
  expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  expect(transfer.waitFor(0)).toBe("PUT_OK");
});

test("a full window answers SLAVE_NOT_AVAILABLE at once instead of holding one more send", () => {
  const transfer = new GroupTransfer({ timeoutMs: 10_000, waitersMax: 2 });
  void transfer.waitFor(1);
  void transfer.waitFor(2);
  expect(transfer.waitFor(3)).toBe("SLAVE_NOT_AVAILABLE");
  transfer.close();
});
