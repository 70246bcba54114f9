// The words for a port that cannot be bound, for the holders /proc can and cannot tell.
import { expect, test } from "bun:test";
import { listenFailureText } from "../../src/cli/listen-failure.ts";
import { ListenError } from "../../src/remoting/index.ts";

const broker = { role: "broker", key: "listenPort", flag: "--listenPort=N" };
const inUse = new ListenError("0.0.0.0", 10911, "EADDRINUSE");

test("a port in use by nobody this user can see asks whether another mq or RocketMQ runs", () => {
  expect(listenFailureText(inUse, broker, [], "mq")).toBe("port 10911 (listenPort) is already in use — another mq or " +
    "RocketMQ broker running? Stop it (`mq shutdown broker`) or choose another port with --listenPort=N");
});

test("a port held by a RocketMQ broker points to RocketMQ's mqshutdown", () => {
  const java = { pid: 4242, argv: ["/usr/bin/java", "-server", "org.apache.rocketmq.broker.BrokerStartup", "-c", "b.conf"] };
  expect(listenFailureText(inUse, broker, [java], "mq")).toBe("port 10911 (listenPort) is already in use by RocketMQ " +
    "(pid 4242): stop it with RocketMQ's mqshutdown, or choose another port with --listenPort=N");
});

test("a port held by an mq all-in-one names the mq shutdown command for that one process", () => {
  const aio = { pid: 77, argv: ["/opt/mq/mq", "all-in-one", "--namesrv-port=9876"] };
  expect(listenFailureText(inUse, broker, [aio], "mq")).toContain(
    "in use by mq all-in-one (pid 77): stop it with `mq shutdown all-in-one --pid 77`, or choose another port");
});

test("an address that is not this machine's says so and how to listen instead", () => {
  const err = new ListenError("198.51.100.7", 9876, "EADDRNOTAVAIL");
  expect(listenFailureText(err, { role: "namesrv", key: "listenPort", flag: "--listenPort=N" }, [], "mq")).toBe(
    "cannot listen at 198.51.100.7:9876: 198.51.100.7 is not an address of this machine; " +
      "listen on one of its addresses, or on all of them (0.0.0.0)");
});

test("another errno is named with the port and key", () => {
  expect(listenFailureText(new ListenError("0.0.0.0", 10911, "EMFILE"), broker, [], "mq")).toBe(
    "cannot listen on port 10911 (listenPort) (EMFILE); choose another port with --listenPort=N");
});
