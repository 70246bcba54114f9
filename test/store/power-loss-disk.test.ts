// The power-loss model itself: what PowerLossDisk.crash() keeps and forgets, per file.
import { expect, test } from "bun:test";
import { MemoryDisk, PowerLossDisk } from "../../src/store/index.ts";
import { seededRandom } from "./store-fixture.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function contents(disk: PowerLossDisk, file: string): string {
  const handle = disk.open(file);
  const out = new Uint8Array(handle.size());
  handle.read(out, 0);
  handle.close();
  return new TextDecoder().decode(out);
}

function setUp(): { disk: PowerLossDisk } {
  const disk = new PowerLossDisk(new MemoryDisk());
  disk.mkdir("/d");
  return { disk };
}

test("a crash forgets, per file, what was written and cut since that file's last sync", async () => {
  const { disk } = setUp();
  const a = disk.create("/d/a");
  const b = disk.create("/d/b");
  a.write(bytes("synced"), 0);
  b.write(bytes("kept"), 0);
  a.syncNow();
  await b.sync();
  a.write(bytes("-lost"), 6);
  b.truncate(2);
  const after = disk.crash("none");
  expect(contents(after, "/d/a")).toBe("synced");
  expect(contents(after, "/d/b")).toBe("kept");
});

test("a file created and never synced is gone after a crash; one synced once stays", () => {
  const { disk } = setUp();
  disk.create("/d/never").write(bytes("x"), 0);
  const once = disk.create("/d/once");
  once.syncNow();
  once.write(bytes("y"), 0);
  const after = disk.crash("none");
  expect(after.exists("/d/never")).toBe(false);
  expect(contents(after, "/d/once")).toBe("");
});

test("writes made while a sync runs are not covered by it", async () => {
  const { disk } = setUp();
  const file = disk.create("/d/f");
  file.write(bytes("one"), 0);
  const syncing = file.sync();
  file.write(bytes("two"), 3);
  await syncing;
  expect(contents(disk.crash("none"), "/d/f")).toBe("one");
});

test("after a crash the old disk and its files are dead, and a sync in flight fails", async () => {
  const { disk } = setUp();
  const file = disk.create("/d/f");
  const syncing = file.sync();
  const after = disk.crash("none");
  expect(syncing).rejects.toThrow(/power was cut/);
  expect(() => file.write(bytes("z"), 0)).toThrow(/EIO/);
  expect(() => disk.exists("/d/f")).toThrow(/crash\(\) returned/);
  expect(after.exists("/d")).toBe(true);
});

test("a random crash keeps a prefix of each file's unsynced writes, the last possibly torn", () => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 40; seed++) {
    const { disk } = setUp();
    const file = disk.create("/d/f");
    file.syncNow();
    for (const [i, part] of ["aaaa", "bbbb", "cccc"].entries()) file.write(bytes(part), i * 4);
    const kept = contents(disk.crash(seededRandom(seed)), "/d/f");
    expect("aaaabbbbcccc".startsWith(kept)).toBe(true);
    seen.add(kept);
  }
  expect(seen.size).toBeGreaterThan(5); // whole writes and torn ones, from none to all
});

test("injected faults: a slow sync, a failing sync and a failing write", async () => {
  const { disk } = setUp();
  const file = disk.create("/d/f");
  disk.faults.syncDelayMs = 50;
  const startMs = performance.now();
  await file.sync();
  expect(performance.now() - startMs).toBeGreaterThanOrEqual(45);
  disk.faults.syncDelayMs = 0;
  disk.faults.syncError = "EIO";
  expect(file.sync()).rejects.toMatchObject({ code: "EIO" });
  expect(() => file.syncNow()).toThrow(/EIO/);
  disk.faults.syncError = undefined;
  disk.faults.writeError = "ENOSPC";
  expect(() => file.write(bytes("x"), 0)).toThrow(/ENOSPC/);
});
