// The admin-access decision: this machine (loopback or any interface address) and
// adminAllowedAddresses may change the broker; anyone else is refused with what to do.
import { describe, expect, test } from "bun:test";
import { RequestCode, ResponseCode } from "../../src/common/index.ts";
import { allowedAdminCaller, remoteIp } from "../../src/broker/admin/index.ts";
import { registerAdminHandlers } from "../../src/broker/admin/index.ts";
import { fakeConnection, HandlerTable, openTestContext } from "./send-harness.ts";

const machine = ["127.0.0.1", "::1", "192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1"];

describe("allowedAdminCaller", () => {
  const allowed = allowedAdminCaller("", () => machine);

  test("a caller at any address of this machine's interfaces is local, in every family", () => {
    for (const ip of ["192.0.2.2", "fd00::2", "FD00::2", "fe80::fc:ff:fe00:1%eth0", "127.0.0.5", "::1"]) {
      expect(allowed(ip)).toBe(true);
    }
  });

  test("an IPv4-mapped IPv6 caller is judged by its IPv4 address", () => {
    expect(allowed("::ffff:192.0.2.2")).toBe(true);
    expect(allowed("::FFFF:127.0.0.1")).toBe(true);
    expect(allowed("::ffff:198.51.100.7")).toBe(false);
  });

  test("a caller at an address this machine does not have is refused", () => {
    expect(allowed("198.51.100.7")).toBe(false);
    expect(allowed("fd00::3")).toBe(false);
  });

  test("adminAllowedAddresses admits the addresses it lists, and '*' admits anyone", () => {
    const listed = allowedAdminCaller("198.51.100.7; fd00::9", () => []);
    expect(listed("198.51.100.7")).toBe(true);
    expect(listed("::ffff:198.51.100.7")).toBe(true);
    expect(listed("fd00::9")).toBe(true);
    expect(listed("198.51.100.8")).toBe(false);
    expect(allowedAdminCaller("*", () => [])("203.0.113.1")).toBe(true);
  });

  test("the interface addresses are read when a caller needs them, not once at start", () => {
    const current = ["127.0.0.1"];
    const judge = allowedAdminCaller("", () => current);
    expect(judge("192.0.2.9")).toBe(false);
    current.push("192.0.2.9");
    expect(judge("192.0.2.9")).toBe(true);
  });
});

test("remoteIp takes the IP of ip:port and [ipv6]:port remote addresses", () => {
  expect(remoteIp("192.0.2.2:5555")).toBe("192.0.2.2");
  expect(remoteIp("[::1]:5555")).toBe("::1");
  expect(remoteIp("[::ffff:10.0.0.1]:5555")).toBe("10.0.0.1");
});

test("a refused admin request names the caller and says to add it to adminAllowedAddresses", async () => {
  const t = await openTestContext();
  const handlers = new HandlerTable();
  const admin = registerAdminHandlers(handlers, t.ctx, { rootDir: t.options.storePathRootDir });
  try {
    const res = await handlers.call(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: "Remote", readQueueNums: 1, writeQueueNums: 1, perm: 6 },
      undefined, fakeConnection("198.51.100.7:5555"));
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
    expect(res.remark).toContain("from 198.51.100.7 refused");
    expect(res.remark).toContain("adminAllowedAddresses=198.51.100.7");
  } finally {
    admin.close();
    await t.close();
  }
});
