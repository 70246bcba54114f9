import { expect, test } from "bun:test";
import { NamesrvAddrError, parseNamesrvAddrs } from "../../src/common/index.ts";
import { namesrvOf } from "../../src/cli/tool-flags.ts";

test("a name server host without a port means port 9876, as RocketMQ's NameServer default", () => {
  expect(parseNamesrvAddrs("127.0.0.1")).toEqual(["127.0.0.1:9876"]);
  expect(parseNamesrvAddrs(" a ; b:9877 ;")).toEqual(["a:9876", "b:9877"]);
  expect(parseNamesrvAddrs(["[::1]", "[::1]:9000"])).toEqual(["[::1]:9876", "[::1]:9000"]);
  expect(namesrvOf({ namesrvAddr: "127.0.0.1" }, {})).toBe("127.0.0.1:9876");
  expect(namesrvOf({}, { NAMESRV_ADDR: "10.0.0.1;10.0.0.2:9000" })).toBe("10.0.0.1:9876;10.0.0.2:9000");
  expect(namesrvOf({}, {})).toBe("127.0.0.1:9876");
});

test("a name server address that is not host:port is refused, naming the value", () => {
  for (const bad of ["foo:bar", ":x", "h:0", "h:65536", "h:", "::1", "[::1"]) {
    expect(() => parseNamesrvAddrs(`ok:9876;${bad}`)).toThrow(NamesrvAddrError);
    expect(() => parseNamesrvAddrs(bad)).toThrow(`"${bad}"`);
  }
  expect(() => namesrvOf({ namesrvAddr: "foo:bar" }, {})).toThrow('name server address "foo:bar"');
  expect(() => namesrvOf({ namesrvAddr: ";" }, {})).toThrow("names no name server");
});
