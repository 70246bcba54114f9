// Sends the ACL 2.0 steps of test/broker/acl/acl2-cases.ts to one broker and prints each answer's
// code and remark: the figures acl2.test.ts asserts, taken from Apache RocketMQ 5.5.0
// (scripts/rocketmq-reference.sh start authenticationEnabled=true authorizationEnabled=true
// 'initAuthenticationUser={"username":"rocketmq","password":"12345678"}'):
//   bun scripts/acl2-probe.ts <brokerAddr>
import { silentLogger } from "../src/common/index.ts";
import { RemotingClient, request, signRequest } from "../src/remoting/index.ts";
import { acl2ProbeSteps } from "../test/broker/acl/acl2-cases.ts";

const addr = process.argv[2];
if (addr === undefined) throw new Error("usage: bun scripts/acl2-probe.ts <brokerAddr>");
const client = new RemotingClient({ log: silentLogger });
for (const s of acl2ProbeSteps()) {
  const cmd = request(s.code, s.extFields, s.body);
  if (s.who !== undefined) signRequest(cmd, s.who);
  const res = await client.invoke(addr, cmd, 5000);
  const body = res.body === undefined ? undefined : new TextDecoder().decode(res.body);
  console.log(JSON.stringify({ step: s.name, code: res.code, remark: res.remark, body }));
}
client.close();
