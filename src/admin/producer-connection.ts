// `producerConnection -g group -t topic`: GET_PRODUCER_CONNECTION_LIST (204, producerGroup) on
// every master of the topic's route, as mqadmin's examineProducerConnectionInfo asks them; the
// answer is RocketMQ's ProducerConnection body ({"connectionSet":[Connection]}), merged here
// (one client connected to two brokers is listed once).
import { decodeProducerConnection, encodeProducerGroupHeader, RequestCode, type ClientConnection } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { mastersOf } from "./message-query.ts";
import { topicRoute } from "./topic.ts";

export async function producerConnection(ctx: AdminContext, group: string, topic: string): Promise<ClientConnection[]> {
  const byClient = new Map<string, ClientConnection>();
  for (const { addr } of mastersOf(await topicRoute(ctx, topic))) {
    const res = await invokeOk(ctx, addr, RequestCode.GET_PRODUCER_CONNECTION_LIST, encodeProducerGroupHeader(group));
    for (const c of decodeProducerConnection(res.body)) if (!byClient.has(c.clientId)) byClient.set(c.clientId, c);
  }
  return [...byClient.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
}
