// A broken invariant stops the process (TigerBeetle's rule, STYLE.md 7): a handler whose assertion
// fails does not turn it into a SYSTEM_ERROR reply and carry on. Another failure still does.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { ResponseCode, silentLogger } from "../../src/common/index.ts";

const SRC = join(import.meta.dir, "../../src");
const SERVER = `
  const { RemotingServer } = await import(${JSON.stringify(join(SRC, "remoting/index.ts"))});
  const { assert, createLogger, silentLogger } = await import(${JSON.stringify(join(SRC, "common/index.ts"))});
  const log = createLogger({ level: "error", write: (line) => process.stderr.write(line) });
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log });
  server.register(1, () => { throw new Error("an ordinary failure"); });
  server.register(2, () => { assert(false, "queue offsets must only grow"); });
  console.log(await server.start());
`;

test("a failed assertion in a handler stops the server process with the invariant in its log; an ordinary error is a reply", async () => {
  const child = Bun.spawn([process.execPath, "-e", SERVER], { stdout: "pipe", stderr: "pipe" });
  const reader = child.stdout.getReader();
  const port = Number(new TextDecoder().decode((await reader.read()).value).trim());
  const client = new RemotingClient({ log: silentLogger });
  try {
    const ordinary = await client.invoke(`127.0.0.1:${port}`, request(1, {}), 3000);
    expect(ordinary.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(ordinary.remark).toContain("an ordinary failure");
    await client.invoke(`127.0.0.1:${port}`, request(2, {}), 3000).catch(() => undefined);
    expect(await child.exited).not.toBe(0);
    const stderr = await new Response(child.stderr).text();
    expect(stderr).toContain("invariant broken, stopping");
    expect(stderr).toContain("queue offsets must only grow");
  } finally {
    client.close();
    child.kill("SIGKILL");
  }
});
