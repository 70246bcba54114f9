// What /proc tells about a process: the ports it listens on (its own sockets only) and the store
// it holds open; how `mq shutdown` prints that.
import { afterAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listenersOf, listeningPorts, storeDir } from "../../src/cli/local-processes.ts";
import { describeProcess } from "../../src/cli/shutdown.ts";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mq-proc-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("listeningPorts lists the ports this process listens on, and listenersOf finds it by port", () => {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  try {
    expect(listeningPorts(process.pid)).toContain(listener.port);
    expect(listenersOf(listener.port)).toContain(process.pid);
  } finally {
    listener.stop(true);
  }
  expect(listeningPorts(process.pid)).not.toContain(listener.port);
});

test("storeDir is the directory of the meta.db a process holds open, and undefined without one", () => {
  expect(storeDir(process.pid)).toBeUndefined();
  const db = new Database(join(dir, "meta.db"));
  try {
    expect(storeDir(process.pid)).toBe(dir);
  } finally {
    db.close();
  }
});

test("a process is described by its ports and store, and by why they are unknown", () => {
  expect(describeProcess({ pid: 7, role: "broker", ports: [10909, 10911], store: "/srv/store" }))
    .toBe("ports 10909, 10911; store /srv/store");
  expect(describeProcess({ pid: 7, role: "namesrv", ports: [9876], store: undefined })).toBe("port 9876");
  expect(describeProcess({ pid: 7, role: "broker", ports: undefined, store: undefined }))
    .toBe("ports unknown (cannot read /proc/7/fd as this user)");
});
