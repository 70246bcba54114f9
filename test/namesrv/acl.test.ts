// The NameServer with aclEnable: reads and broker registrations pass, signed or not (brokers and
// unsigned clients need them); KV and permission changes need an admin account's signature.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bodyCrc32, encodeRegisterBrokerBody, registerBrokerExtFields, RequestCode, ResponseCode, silentLogger,
} from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { RemotingClient, request, signRequest } from "../../src/remoting/index.ts";
import { ADMIN, USER } from "../broker/acl/probe-cases.ts";
import { broker, registerBody, topic } from "./fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "mq-namesrv-acl-"));
const aclFile = join(dir, "plain_acl.yml");
const client = new RemotingClient({ log: silentLogger });
let namesrv: NameServer;
let addr: string;

beforeAll(async () => {
  copyFileSync(join(import.meta.dir, "../broker/acl/plain_acl.yml"), aclFile);
  namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir, "kv.json"), orderMessageEnable: false,
    scanNotActiveBrokerInterval: 60_000, brokerChannelExpiredTime: 120_000, log: silentLogger, aclEnable: true, aclFile,
  });
  addr = `127.0.0.1:${await namesrv.start()}`;
});

afterAll(async () => {
  client.close();
  await namesrv.stop();
  rmSync(dir, { recursive: true, force: true });
});

const putKv = () => request(RequestCode.PUT_KV_CONFIG, { namespace: "ns", key: "k", value: "v" });

test("an unsigned broker registration and an unsigned route query are answered", async () => {
  const body = encodeRegisterBrokerBody(registerBody(1, [topic("T")]), false);
  const h = { ...broker("broker-a", 0, "127.0.0.1:10911"), compressed: false, bodyCrc32: bodyCrc32(body) };
  expect((await client.invoke(addr, request(RequestCode.REGISTER_BROKER, registerBrokerExtFields(h), body), 3000)).code).toBe(ResponseCode.SUCCESS);
  expect((await client.invoke(addr, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" }), 3000)).code).toBe(ResponseCode.SUCCESS);
});

test("a KV change needs an admin account: unsigned and non-admin are refused, admin is taken", async () => {
  const unsigned = await client.invoke(addr, putKv(), 3000);
  expect(unsigned.code).toBe(ResponseCode.SYSTEM_ERROR);
  expect(unsigned.remark).toBe("org.apache.rocketmq.acl.common.AclException: No accessKey is configured");
  const user = await client.invoke(addr, signRequest(putKv(), USER), 3000);
  expect(user.remark).toBe("org.apache.rocketmq.acl.common.AclException: Need admin permission for request code=100, but accessKey=RocketMQ is not");
  expect((await client.invoke(addr, signRequest(putKv(), ADMIN), 3000)).code).toBe(ResponseCode.SUCCESS);
});

test("a KV change signed with a wrong secret is refused; a route query so signed is answered, as unsigned ones are", async () => {
  const wrong = { accessKey: "rocketmq2", secretKey: "wrong-one" };
  const res = await client.invoke(addr, signRequest(putKv(), wrong), 3000);
  expect(res.remark).toBe("org.apache.rocketmq.acl.common.AclException: Check signature failed for accessKey=rocketmq2");
  const route = await client.invoke(addr, signRequest(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: "T" }), wrong), 3000);
  expect(route.code).toBe(ResponseCode.SUCCESS);
});
