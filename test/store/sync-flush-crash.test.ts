import { afterEach, beforeEach, expect, test } from "bun:test";
import path from "node:path";
import { decodeRecord, queueOffset } from "../../src/common/index.ts";
import { openStore } from "../../src/store/index.ts";
import { removeDir, storeOptions, tempDir } from "./store-fixture.ts";

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => removeDir(dir));

const ACKS_BEFORE_KILL = 300;

test("a SYNC_FLUSH putter killed with SIGKILL loses nothing it acknowledged", async () => {
  const child = Bun.spawn([process.execPath, path.join(import.meta.dir, "fixtures", "sync-putter.ts"), dir], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const acked = new Map<number, string>();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for await (const chunk of child.stdout) {
      buffered += decoder.decode(chunk);
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const [offset, body] = line.split(" ");
        acked.set(Number(offset), body as string);
      }
      if (acked.size >= ACKS_BEFORE_KILL) break;
    }
  } finally {
    child.kill("SIGKILL");
    await child.exited;
  }
  expect(acked.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

  const store = await openStore(storeOptions(dir, { flushDiskType: "SYNC_FLUSH", commitLogSegmentBytes: 32 * 1024 }));
  const stored = new Map<number, string>();
  for (let offset = 0; offset < store.maxOffset("Crash", 0); ) {
    const got = store.getMessages("Crash", 0, queueOffset(offset), 32);
    for (const record of got.records) {
      const decoded = decodeRecord(record);
      stored.set(decoded.queueOffset, new TextDecoder().decode(decoded.body));
    }
    offset = got.nextBeginOffset;
  }
  await store.close();
  for (const [offset, body] of acked) expect(stored.get(offset)).toBe(body);
});
