// Consume-queue upkeep on request (mqadmin cleanExpiredCQ, cleanUnusedTopic, queryCq), as
// RocketMQ's DefaultMessageStore.cleanExpiredConsumerQueue, cleanUnusedTopic and
// getConsumeQueue().iterateFrom do. Only files under the store's consumequeue/ are removed.
import type { QueueEntries } from "./api.ts";
import type { CommitLog } from "./commit-log.ts";
import type { QueueTable } from "./queue-table.ts";

/** Entries per QUERY_CONSUME_QUEUE answer at most (mqadmin asks for 10 by default). */
export const QUEUE_ENTRIES_MAX = 1000;

/** Drops every queue whose last entry points below the commitlog's first byte (all its messages
 *  are gone), and a topic's folder once it has no queue left. Returns "topic@queueId" of each. */
export function cleanExpiredQueues(queues: QueueTable, log: CommitLog): string[] {
  const min = log.minOffset();
  const dropped: string[] = [];
  for (const queue of [...queues.all()]) {
    if (queue.maxOffset === 0) continue; // never written: RocketMQ leaves an empty queue alone
    // Retention moves minOffset past entries whose data is gone; at maxOffset, all of them are.
    const last = queue.minOffset < queue.maxOffset ? queue.entryAt(queue.maxOffset - 1) : undefined;
    if (last !== undefined && last.physicalOffset >= min) continue;
    queues.deleteQueue(queue.topic, queue.queueId);
    dropped.push(`${queue.topic}@${queue.queueId}`);
  }
  return dropped;
}

/** Drops the queues of every topic retain() says no to. Returns the topics dropped. */
export function cleanUnusedTopics(queues: QueueTable, retain: (topic: string) => boolean): string[] {
  const dropped = queues.topicNames().filter((topic) => !retain(topic));
  for (const topic of dropped) queues.deleteTopic(topic);
  return dropped;
}

/** Up to count entries from queue offset `from`; undefined when the queue does not exist. */
export function queueEntries(queues: QueueTable, topic: string, queueId: number, from: number, count: number): QueueEntries | undefined {
  const queue = queues.get(topic, queueId);
  if (queue === undefined) return undefined;
  const start = Math.max(from, queue.minOffset);
  const entries = queue.read(start, Math.min(Math.max(count, 0), QUEUE_ENTRIES_MAX))
    .map((e, i) => ({ queueOffset: start + i, ...e }));
  return { minOffset: queue.minOffset, maxOffset: queue.maxOffset, entries };
}
