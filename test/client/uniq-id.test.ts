import { describe, expect, test } from "bun:test";
import { decodeUniqId, monthStartMs, UniqIdGenerator } from "../../src/client/uniq-id.ts";

describe("UNIQ_KEY message ids", () => {
  const fixed = { ip: "192.168.0.10", pid: 0x12345, loaderHash: -2 };

  test("32 uppercase hex characters: ip, pid, loader hash, ms in month, counter", () => {
    const now = new Date(2024, 4, 3, 10, 20, 30, 400).getTime();
    const id = new UniqIdGenerator(fixed).next(now);
    expect(id).toMatch(/^[0-9A-F]{32}$/);
    expect(id.slice(0, 8)).toBe("C0A8000A");
    expect(id.slice(8, 12)).toBe("2345");
    expect(id.slice(12, 20)).toBe("FFFFFFFE");
    const decoded = decodeUniqId(id);
    expect(decoded).toEqual({ ip: "192.168.0.10", pid: 0x2345, loaderHash: -2, monthOffsetMs: now - monthStartMs(now), counter: 0 });
  });

  test("the counter increments per id and the fixed prefix stays", () => {
    const gen = new UniqIdGenerator(fixed);
    const now = Date.now();
    const ids = Array.from({ length: 5 }, () => gen.next(now));
    expect(new Set(ids).size).toBe(5);
    expect(ids.map((id) => decodeUniqId(id)?.counter)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(ids.map((id) => id.slice(0, 20))).size).toBe(1);
  });

  test("the time part restarts at each month's start and wraps as Java's int32 cast does", () => {
    const gen = new UniqIdGenerator(fixed);
    const first = new Date(2024, 0, 31, 23, 59, 59).getTime();
    const second = new Date(2024, 1, 1, 0, 0, 1).getTime();
    expect(decodeUniqId(gen.next(first))?.monthOffsetMs).toBe((first - new Date(2024, 0, 1).getTime()) | 0);
    expect(decodeUniqId(gen.next(second))?.monthOffsetMs).toBe(1000);
  });

  test("anything but 32 uppercase hex characters does not decode", () => {
    expect(decodeUniqId("C0A8000A00002A9F000000000000000")).toBeUndefined();
    expect(decodeUniqId("c0a8000a00002a9f0000000000000000")).toBeUndefined();
  });
});
