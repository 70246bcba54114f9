// Sends the ACL cases to one broker and prints each answer's code and remark: the figures mq's ACL
// tests assert, taken from Apache RocketMQ (scripts/rocketmq-reference.sh with aclEnable=true and
// test/broker/acl/plain_acl.yml):  bun scripts/acl-probe.ts <brokerAddr>
import { silentLogger } from "../src/common/index.ts";
import { RemotingClient, request, signRequest, type Credentials } from "../src/remoting/index.ts";
import { aclProbeCases } from "../test/broker/acl/probe-cases.ts";

const addr = process.argv[2];
if (addr === undefined) throw new Error("usage: bun scripts/acl-probe.ts <brokerAddr>");
const client = new RemotingClient({ log: silentLogger });
for (const c of aclProbeCases()) {
  const cmd = request(c.code, c.extFields, c.body);
  if (c.credentials !== undefined) signRequest(cmd, c.credentials as Credentials);
  if (c.dropSignature === true) delete cmd.extFields.Signature;
  const res = await client.invoke(addr, cmd, 5000);
  console.log(JSON.stringify({ case: c.name, code: res.code, remark: res.remark }));
}
client.close();
