// What to tell a user whose send found no route for its topic (TopicRouteNotFoundError): either
// no broker has registered with the name server at all, or the topic does not exist and no
// broker creates topics on first send; then the updateTopic command to run, with the cluster the
// name server knows, or the broker key to set.
import { adminContext, clusterInfo } from "../admin/index.ts";
import { silentLogger } from "../common/index.ts";
import { RemotingClient } from "../remoting/index.ts";

const HINT_TIMEOUT_MS = 3000;

/** Lines to print under the error, each ending in a newline. */
export async function missingTopicHint(namesrvAddr: string, topic: string): Promise<string> {
  const clusters = await clusterNames(namesrvAddr);
  if (clusters !== undefined && clusters.length === 0) {
    return `no broker has registered with the name server ${namesrvAddr}: start one whose namesrvAddr is ${namesrvAddr}\n`;
  }
  const cluster = clusters?.length === 1 ? clusters[0] : `<${clusters?.join("|") ?? "clusterName"}>`;
  return "the topic does not exist, and the brokers do not create topics on first send (autoCreateTopicEnable=false).\n" +
    `Create it:  mq admin updateTopic -n ${namesrvAddr} -c ${cluster} -t ${topic}\n` +
    "or set autoCreateTopicEnable=true in the broker's configuration and restart it.\n";
}

/** The clusters the name servers know, sorted; undefined when they cannot be asked. */
async function clusterNames(namesrvAddr: string): Promise<string[] | undefined> {
  const client = new RemotingClient({ log: silentLogger });
  try {
    return Object.keys((await clusterInfo(adminContext(client, namesrvAddr, HINT_TIMEOUT_MS))).clusterAddrTable).sort();
  } catch {
    return undefined;
  } finally {
    client.close();
  }
}
