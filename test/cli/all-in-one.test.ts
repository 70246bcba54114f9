// all-in-one's configuration: embedded defaults below everything the user gives, and a
// broker.properties given with -c configures the broker (its listenPort is not the name server's).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printedLine } from "../config/printed.ts";
import { ensureBinary, mq } from "./binary.ts";

let dir = "";
beforeAll(() => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "mq-aio-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (text: string, key: string) => printedLine(text, key) ?? "";

test("all-in-one's embedded defaults: name server 9876, broker 10911 registering with it, data in ./mq-data", () => {
  const run = mq(["all-in-one", "-p"], { cwd: dir });
  expect(run.code).toBe(0);
  expect(line(run.stdout, "namesrv.listenPort")).toMatch(/^namesrv\.listenPort=9876 +# default \(all-in-one\)$/);
  expect(line(run.stdout, "broker.listenPort")).toMatch(/^broker\.listenPort=10911 /);
  expect(line(run.stdout, "broker.namesrvAddr")).toMatch(/^broker\.namesrvAddr=127\.0\.0\.1:9876 /);
  expect(line(run.stdout, "broker.storePathRootDir")).toContain(join(dir, "mq-data", "store"));
});

test("a broker.properties given to all-in-one sets the broker's listenPort, not the name server's", () => {
  const file = join(dir, "broker.properties");
  writeFileSync(file, "listenPort=20911\nbrokerName=broker-x\n");
  const run = mq(["all-in-one", "-c", file, "--namesrv-port", "19999", "-p"], { cwd: dir });
  expect(run.code).toBe(0);
  expect(line(run.stdout, "broker.listenPort")).toMatch(new RegExp(`^broker\\.listenPort=20911 +# ${file}:1$`));
  expect(line(run.stdout, "namesrv.listenPort")).toMatch(/^namesrv\.listenPort=19999 /);
  expect(line(run.stdout, "broker.namesrvAddr")).toMatch(/^broker\.namesrvAddr=127\.0\.0\.1:19999 /);
  expect(line(run.stdout, "broker.brokerName")).toMatch(/^broker\.brokerName=broker-x /);
});
