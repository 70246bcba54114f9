// One process per store directory: the lock is taken before any file of the store is touched,
// refused with the holder's pid while held, and free again once the holder closes or dies.
import { afterEach, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import { StoreLock } from "../../src/store/store-lock.ts";
import { removeDir, storeOptions, tempDir } from "./store-fixture.ts";

const dirs: string[] = [];
const stores: MessageStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

test("a second lock on a held store is refused and names the holder's pid and owner", () => {
  const root = dir();
  const first = StoreLock.acquire(root, "mq broker broker-a");
  expect(first.kind).toBe("LOCKED");
  const second = StoreLock.acquire(root, "mq broker broker-b");
  expect(second).toEqual({
    kind: "IN_USE",
    message: `store ${root} is in use by pid ${process.pid} (mq broker broker-a): stop it first, or give this one another storePathRootDir`,
  });
  if (first.kind === "LOCKED") first.lock.release();
  const third = StoreLock.acquire(root, "mq broker broker-b");
  expect(third.kind).toBe("LOCKED");
  if (third.kind === "LOCKED") third.lock.release();
});

test("a second openStore on an open store fails before touching its files, and works once the first closes", async () => {
  const root = dir();
  stores.push(await openStore(storeOptions(root, { owner: "mq broker first" })));
  const abort = path.join(root, "abort");
  const before = fs.readFileSync(abort, "utf8");
  const entries = fs.readdirSync(root).sort();
  await expect(openStore(storeOptions(root))).rejects.toThrow(`is in use by pid ${process.pid} (mq broker first)`);
  expect(fs.readFileSync(abort, "utf8")).toBe(before);
  expect(fs.readdirSync(root).sort()).toEqual(entries);
  await stores.pop()?.close();
  stores.push(await openStore(storeOptions(root)));
});

test("a store whose holder was SIGKILLed opens: the operating system dropped the lock", async () => {
  const root = dir();
  const script = `const { StoreLock } = await import(${JSON.stringify(path.join(import.meta.dir, "../../src/store/store-lock.ts"))});
    const r = StoreLock.acquire(${JSON.stringify(root)}, "mq broker doomed"); console.log(r.kind); setInterval(() => {}, 1000);`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain("LOCKED");
  const held = StoreLock.acquire(root, "me");
  expect(held.kind === "IN_USE" && held.message).toContain(`pid ${child.pid} (mq broker doomed)`);
  child.kill("SIGKILL");
  await child.exited;
  const after = StoreLock.acquire(root, "me");
  expect(after.kind).toBe("LOCKED");
  if (after.kind === "LOCKED") after.lock.release();
});
