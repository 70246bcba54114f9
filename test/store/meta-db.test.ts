// meta.db holds topics and groups: a commit must reach the disk before the admin reply.
import { expect, test } from "bun:test";
import path from "node:path";
import { openMetaDb } from "../../src/store/meta-db.ts";
import { removeDir, tempDir } from "./store-fixture.ts";

test("meta.db commits are fsynced (WAL with synchronous=FULL), so a new topic survives a power cut", () => {
  const dir = tempDir();
  try {
    const db = openMetaDb(path.join(dir, "meta.db"));
    expect(db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()?.journal_mode).toBe("wal");
    expect(db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()?.synchronous).toBe(2);
    db.close();
  } finally {
    removeDir(dir);
  }
});
