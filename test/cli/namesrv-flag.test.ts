// -n as the client tools read it, against the compiled binary: a dead name server makes
// `mq consume` fail within seconds naming it (as `mq produce` does), and a value that is not
// host:port is refused by every tool, naming the value.
import { beforeAll, expect, test } from "bun:test";
import { freePort } from "../e2e/harness.ts";
import { ensureBinary, mq } from "./binary.ts";

beforeAll(ensureBinary);

test("mq consume exits 1 within seconds, naming the address, when no name server answers", async () => {
  const addr = `127.0.0.1:${await freePort()}`; // nothing listens there
  const startedMs = Date.now();
  const r = mq(["consume", "-n", addr, "-t", "DeadTopic", "-g", "dead_group"]);
  expect(r.code).toBe(1);
  expect(Date.now() - startedMs).toBeLessThan(10_000);
  expect(r.stdout).not.toContain("Consumer Started.");
  expect(r.stderr).toContain(`mq consume: DeadTopic via ${addr}: cannot connect to ${addr}`);
});

for (const bad of ["foo:bar", ":x", "127.0.0.1:70000"]) {
  test(`-n ${bad} is refused by produce, consume, bench and admin, naming the value`, () => {
    for (const args of [["produce", "-c", "1"], ["consume", "-c", "1"], ["bench", "consume", "-q", "1"], ["admin", "topicList"]]) {
      const r = mq([...args, "-n", bad]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).not.toBe(0);
      expect(r.stderr).toContain(`name server address "${bad}"`);
      expect(r.stderr).toContain("host:port");
    }
  });
}
