// The logger lives in src/common/log.ts; its configuration (logLevel, logsDir) is tested here.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/common/index.ts";

let dir = "";
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "mq-log-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0));

describe("the logger", () => {
  test("writes lines at or above its level, with component and fields", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", write: (l) => lines.push(l), clock });
    log.debug("hidden");
    log.child("broker").child("store").warn("disk nearly full", { usedPercent: 91, dir: "/a b" });
    log.info("started");
    expect(lines).toEqual([
      '2024-05-01T10:00:00.000Z WARN  [broker.store] disk nearly full usedPercent=91 dir="/a b"\n',
      "2024-05-01T10:00:00.000Z INFO  started\n",
    ]);
  });

  test("appends to a file in a directory it creates, and stops writing it after close", () => {
    const file = join(dir, "nested", "broker.log");
    const log = createLogger({ level: "debug", file, clock });
    log.debug("one");
    log.close();
    log.error("after close");
    const again = createLogger({ level: "debug", file, clock });
    again.info("two");
    again.close();
    expect(readFileSync(file, "utf8")).toBe(
      "2024-05-01T10:00:00.000Z DEBUG one\n2024-05-01T10:00:00.000Z INFO  two\n");
  });
});
