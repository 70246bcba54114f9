// NOTIFY_CONSUMER_IDS_CHANGED (40), broker -> client, oneway, header `consumerGroup`, no body.
// Sent to every remaining member of a CLUSTERING group whose members or subscriptions changed,
// unless the broker (notifyConsumerIdsChangedEnable) or the group's config turns it off. Java and
// Go clients rebalance at once; ali-ons ignores it and rebalances every 10 s anyway.
import { encodeConsumerGroupHeader, RequestCode, type Logger } from "../../common/index.ts";
import { request } from "../../remoting/index.ts";
import type { ConsumerGroupInfo, GroupTable } from "../context.ts";

export interface NotifyOptions {
  log: Logger;
  notifyConsumerIdsChangedEnable: boolean;
  groups: Pick<GroupTable, "get">;
}

export function consumerIdsChangedNotifier(opts: NotifyOptions): (info: ConsumerGroupInfo) => void {
  return (info) => {
    if (!opts.notifyConsumerIdsChangedEnable || info.messageModel === "BROADCASTING") return;
    if (opts.groups.get(info.group)?.notifyConsumerIdsChangedEnable === false) return;
    for (const channel of info.channels.values()) {
      if (channel.connection.closed) continue;
      try {
        channel.connection.invokeOneway(request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, encodeConsumerGroupHeader(info.group)));
      } catch (err) {
        opts.log.warn("could not notify consumer of a group change", {
          group: info.group,
          client: channel.clientId,
          error: String(err),
        });
      }
    }
  };
}
