// From a topic's route (GET_ROUTEINFO_BY_TOPIC) to the queues a client uses
// (remoting-protocol.md §6.4, Java MQClientInstance.topicRouteData2TopicPublishInfo):
// - publish: orderTopicConf "broker:n;..." when set; else queue data sorted by brokerName, each
//   with the WRITE perm and a master address, queueIds 0..writeQueueNums-1;
// - subscribe: every queue data with the READ perm, queueIds 0..readQueueNums-1.
import { masterAddrOf, Perm, type TopicRouteData } from "../common/index.ts";
import type { MessageQueue } from "./message.ts";

export function publishQueues(topic: string, route: TopicRouteData): MessageQueue[] {
  const queues: MessageQueue[] = [];
  if (route.orderTopicConf) {
    for (const entry of route.orderTopicConf.split(";")) {
      const [brokerName, count] = entry.split(":");
      if (!brokerName || count === undefined) continue;
      for (let queueId = 0; queueId < Number(count); queueId++) queues.push({ topic, brokerName, queueId });
    }
    return queues;
  }
  const sorted = [...route.queueDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  for (const q of sorted) {
    if ((q.perm & Perm.WRITE) === 0) continue;
    const broker = route.brokerDatas.find((b) => b.brokerName === q.brokerName);
    if (!broker || masterAddrOf(broker) === undefined) continue;
    for (let queueId = 0; queueId < q.writeQueueNums; queueId++) queues.push({ topic, brokerName: q.brokerName, queueId });
  }
  return queues;
}

export function subscribeQueues(topic: string, route: TopicRouteData): MessageQueue[] {
  const queues: MessageQueue[] = [];
  for (const q of route.queueDatas) {
    if ((q.perm & Perm.READ) === 0) continue;
    for (let queueId = 0; queueId < q.readQueueNums; queueId++) queues.push({ topic, brokerName: q.brokerName, queueId });
  }
  return queues;
}

/**
 * The route a producer uses for a topic that has none yet: the auto-create template's (TBW102),
 * each queue count capped at defaultTopicQueueNums (Java's createTopicKey fallback).
 */
export function autoCreateRoute(template: TopicRouteData, defaultTopicQueueNums: number): TopicRouteData {
  return {
    ...template,
    queueDatas: template.queueDatas.map((q) => {
      const n = Math.min(defaultTopicQueueNums, q.readQueueNums);
      return { ...q, readQueueNums: n, writeQueueNums: n };
    }),
  };
}

/** The master address of a broker in a route, if it has one. */
export function masterAddress(route: TopicRouteData, brokerName: string): string | undefined {
  const broker = route.brokerDatas.find((b) => b.brokerName === brokerName);
  return broker ? masterAddrOf(broker) : undefined;
}
