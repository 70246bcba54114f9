// Sends `count` messages straight to one broker (no NameServer: run inside the network namespace
// of a broker cut off from everything else) and prints {"codes":[…]} — the response code of each.
// Usage: bun test/e2e/partition-probe.ts <brokerAddr> <topic> <count> <bodyPrefix>
import { RequestCode, silentLogger } from "../../src/common/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { request, RemotingClient } from "../../src/remoting/index.ts";

const [addr, topic, count, prefix] = process.argv.slice(2) as [string, string, string, string];
const client = new RemotingClient({ log: silentLogger });
const codes: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const header = encodeSendHeaderV2({
    producerGroup: "probe", topic, defaultTopic: "TBW102", defaultTopicQueueNums: 4, queueId: i % 4, sysFlag: 0, bornTimestamp: Date.now(),
    flag: 0, properties: "", reconsumeTimes: 0, unitMode: false, batch: false, maxReconsumeTimes: undefined,
  });
  try {
    const res = await client.invoke(addr, request(RequestCode.SEND_MESSAGE_V2, header, new TextEncoder().encode(`${prefix}-${i}`)), 10_000);
    codes.push(res.code);
  } catch {
    codes.push(-1);
  }
}
client.close();
process.stdout.write(`${JSON.stringify({ codes })}\n`);
