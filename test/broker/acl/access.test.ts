// The access rule a broker takes at start: ACL 1.0 and 2.0 exclude each other, a malformed
// secret-bearing key is refused without repeating the secret, and innerClientAuthenticationCredentials
// signs the broker's own requests (its registration with a NameServer here).
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { RequestCode, silentLogger } from "../../../src/common/index.ts";
import { hasValidSignature, RemotingServer, reply } from "../../../src/remoting/index.ts";
import { Broker } from "../../../src/broker/index.ts";
import { tempDir, testBrokerInit } from "../send-harness.ts";

const dir = tempDir("mq-acl-access-");
afterAll(() => dir.remove());

test("aclEnable with authenticationEnabled refuses to start, saying to turn one off", async () => {
  const broker = new Broker({ ...testBrokerInit(join(dir.path, "a")), aclEnable: true, authenticationEnabled: true });
  await expect(broker.start()).rejects.toThrow("exclude each other: turn one off");
});

test("a malformed innerClientAuthenticationCredentials or initAuthenticationUser is refused without its secret", async () => {
  const inner = new Broker({ ...testBrokerInit(join(dir.path, "b")), innerClientAuthenticationCredentials: '{"accessKey":"k","secretKey":"s3cr3t-x"' });
  const error = await inner.start().then(() => undefined, (e: unknown) => e as Error);
  expect(error?.message).toContain('innerClientAuthenticationCredentials must be JSON with accessKey and secretKey');
  expect(error?.message).not.toContain("s3cr3t-x");
  const init = new Broker({ ...testBrokerInit(join(dir.path, "c")), authenticationEnabled: true, initAuthenticationUser: '{"username":"u"}' });
  await expect(init.start()).rejects.toThrow("initAuthenticationUser must be JSON with username and password");
});

test("innerClientAuthenticationCredentials signs the broker's registration with its NameServers", async () => {
  const seen: Array<{ accessKey?: string; valid: boolean }> = [];
  const namesrv = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger });
  namesrv.register(RequestCode.REGISTER_BROKER, (req) => {
    seen.push({ accessKey: req.extFields.AccessKey, valid: hasValidSignature(req, "innerSecret1") });
    return reply(1, { remark: "recorded" });
  });
  const port = await namesrv.start();
  const broker = new Broker({
    ...testBrokerInit(join(dir.path, "d")), namesrvAddr: `127.0.0.1:${port}`,
    innerClientAuthenticationCredentials: JSON.stringify({ accessKey: "brokerInner", secretKey: "innerSecret1" }),
  });
  try {
    await broker.start();
    expect(seen[0]).toEqual({ accessKey: "brokerInner", valid: true });
  } finally {
    await broker.stop();
    await namesrv.stop();
  }
});
