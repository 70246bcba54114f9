// What a 5.x slave copies of its master's timer service (SlaveSynchronize.syncTimerCheckPoint,
// every 3 s, and syncTimerMetrics, in syncAll): an Apache RocketMQ slave of an mq master asks both.
//
// GET_TIMER_CHECK_POINT (60): no request fields; reply body TimerCheckpoint.encode, 56 bytes:
//   offset  size  field
//   0       8     lastReadTimeMs           int64 BE: every timer due before it is delivered
//   8       8     lastTimerLogFlushPos     int64 BE: mq keeps no timerlog (0)
//   16      8     lastTimerQueueOffset     int64 BE: rmq_sys_wheel_timer queue 0 indexed below it
//   24      8     masterTimerQueueOffset   int64 BE: the same, as a master reports it
//   32      8     dataVersion.stateVersion int64 BE (0)
//   40      8     dataVersion.timestamp    int64 BE (= lastReadTimeMs)
//   48      8     dataVersion.counter      int64 BE (= lastTimerQueueOffset)
// GET_TIMER_METRICS (61): reply body (fastjson)
//   {"dataVersion":{..},"timingCount":{"<real topic>":{"count":n,"timeStamp":ms},..}}
// A slave (no timer service of its own) answers SYSTEM_ERROR: ask its master.
import { BrokerError, RequestCode, ResponseCode, stringifyFastjson, utf8, writeInt64, type JsonMap } from "../../common/index.ts";
import { reply, type RemotingCommand } from "../../remoting/index.ts";
import type { HandlerRegistry } from "../context.ts";
import type { TimerService } from "./timer-service.ts";

const CHECKPOINT_BYTES = 56;
/** TimerMetrics counts the pending timers it reads, the ones due first, up to this many. */
const METRICS_ROWS_MAX = 100_000;

export function registerTimerSyncHandlers(server: HandlerRegistry, timers: TimerService | undefined): void {
  const need = (): TimerService => {
    if (timers === undefined) throw new BrokerError(ResponseCode.SYSTEM_ERROR, "this broker is a slave: its timer state is its master's, ask the master");
    return timers;
  };
  server.register(RequestCode.GET_TIMER_CHECK_POINT, () => timerCheckpointReply(need()));
  server.register(RequestCode.GET_TIMER_METRICS, () => timerMetricsReply(need()));
}

export function timerCheckpointReply(timers: TimerService): RemotingCommand {
  const { lastReadTimeMs, lastTimerQueueOffset } = timers.checkpoint();
  const body = new Uint8Array(CHECKPOINT_BYTES);
  const view = new DataView(body.buffer);
  writeInt64(view, 0, lastReadTimeMs);
  writeInt64(view, 16, lastTimerQueueOffset);
  writeInt64(view, 24, lastTimerQueueOffset);
  writeInt64(view, 40, lastReadTimeMs);
  writeInt64(view, 48, lastTimerQueueOffset);
  return reply(ResponseCode.SUCCESS, { body });
}

export function timerMetricsReply(timers: TimerService): RemotingCommand {
  const { lastReadTimeMs, lastTimerQueueOffset } = timers.checkpoint();
  const timingCount: JsonMap = new Map();
  for (const [topic, count] of timers.pendingByTopic(METRICS_ROWS_MAX)) timingCount.set(topic, { count, timeStamp: lastReadTimeMs });
  const dataVersion = { counter: lastTimerQueueOffset, stateVersion: 0, timestamp: lastReadTimeMs };
  return reply(ResponseCode.SUCCESS, { body: utf8(stringifyFastjson({ dataVersion, timingCount }, { quoteNumericKeys: false })) });
}
