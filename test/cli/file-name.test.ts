import { expect, test } from "bun:test";
import { safeFileName } from "../../src/cli/file-name.ts";

test("a peer's name becomes one file name that cannot leave its directory, and a usual clientId or msgId is kept as it is", () => {
  expect(safeFileName("127.0.0.1@4242#1798765432123")).toBe("127.0.0.1@4242#1798765432123");
  expect(safeFileName("7F00000100002A9F0000000000000000")).toBe("7F00000100002A9F0000000000000000");
  expect(safeFileName("../../etc/passwd")).toBe(".._.._etc_passwd");
  expect(safeFileName("a\\b\u0000c d")).toBe("a_b_c_d");
  expect([safeFileName(".."), safeFileName("."), safeFileName("")]).toEqual(["__", "_", "_"]);
});
