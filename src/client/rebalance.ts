// Which queues of a topic this consumer should own now (Java RebalanceImpl per topic):
// BROADCASTING takes every readable queue; CLUSTERING asks one broker of the topic for the
// group's consumer ids (GET_CONSUMER_LIST_BY_GROUP) and takes its AllocateMessageQueueAveragely
// share. undefined means "cannot tell now" (no route, no broker answer): keep what you have.
import { masterAddrOf } from "../common/index.ts";
import { allocateAveragely } from "./allocate.ts";
import { getConsumerIdList } from "./broker-api.ts";
import type { ClientCore } from "./client-core.ts";
import type { MessageModel } from "./consumer-options.ts";
import type { MessageQueue } from "./message.ts";
import { subscribeQueues } from "./route.ts";

export async function queuesToOwn(core: ClientCore, group: string, model: MessageModel, topic: string): Promise<MessageQueue[] | undefined> {
  const route = await core.route(topic).catch(() => undefined);
  if (!route) return undefined;
  const all = subscribeQueues(topic, route);
  if (model === "BROADCASTING") return all;
  const brokers = route.brokerDatas;
  if (brokers.length === 0) return undefined;
  const start = Math.floor(Math.random() * brokers.length);
  for (let i = 0; i < brokers.length; i++) {
    const b = brokers[(start + i) % brokers.length];
    const addr = b ? (masterAddrOf(b) ?? Object.values(b.brokerAddrs)[0]) : undefined;
    if (!addr) continue;
    try {
      const ids = await getConsumerIdList(core.remoting, addr, group, core.opts.requestTimeoutMs);
      if (ids.length > 0) return allocateAveragely(all, ids, core.clientId);
    } catch (err) {
      core.log.debug("consumer list failed", { group, broker: addr, error: String(err) });
    }
  }
  return undefined;
}
