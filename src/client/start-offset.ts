// Where a consumer starts on a queue it just got (Java RebalancePushImpl.computePullFromWhere):
// the stored offset when there is one; otherwise by consumeFromWhere:
//   LAST_OFFSET  the queue's max offset (a %RETRY% topic starts at 0)
//   FIRST_OFFSET 0 (the broker moves a too-small offset up with PULL_OFFSET_MOVED)
//   TIMESTAMP    SEARCH_OFFSET_BY_TIMESTAMP (a %RETRY% topic starts at its max offset)
import { RETRY_GROUP_TOPIC_PREFIX } from "../common/index.ts";
import { getMaxOffset, searchOffset } from "./broker-api.ts";
import type { ClientCore } from "./client-core.ts";
import type { ConsumeFromWhere } from "./consumer-options.ts";
import type { MessageQueue } from "./message.ts";
import type { OffsetStore } from "./offset-store.ts";

export interface StartPolicy {
  consumeFromWhere: ConsumeFromWhere;
  consumeTimestampMs: number;
}

export async function startOffset(core: ClientCore, offsets: OffsetStore, mq: MessageQueue, policy: StartPolicy): Promise<number> {
  const stored = await offsets.read(mq);
  if (stored >= 0) return stored;
  const isRetry = mq.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
  if (policy.consumeFromWhere === "CONSUME_FROM_FIRST_OFFSET") return 0;
  if (policy.consumeFromWhere === "CONSUME_FROM_LAST_OFFSET" && isRetry) return 0;
  let addr = core.readAddr(mq.brokerName);
  if (!addr) {
    await core.route(mq.topic, true);
    addr = core.readAddr(mq.brokerName);
  }
  if (!addr) throw new Error(`broker ${mq.brokerName} has no address in the route`);
  const timeoutMs = core.opts.requestTimeoutMs;
  if (policy.consumeFromWhere === "CONSUME_FROM_LAST_OFFSET" || isRetry) return getMaxOffset(core.remoting, addr, mq, timeoutMs);
  return searchOffset(core.remoting, addr, mq, policy.consumeTimestampMs, timeoutMs);
}
