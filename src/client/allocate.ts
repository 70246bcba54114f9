// Queue allocation among the consumers of one group, as Java's AllocateMessageQueueAveragely:
// both lists sorted, n queues over m consumers in contiguous blocks; the first n % m consumers
// take one queue more; with n <= m each consumer takes at most one and the rest take none.
import { compareQueues, type MessageQueue } from "./message.ts";

export function allocateAveragely(queues: readonly MessageQueue[], consumerIds: readonly string[], self: string): MessageQueue[] {
  const mqAll = [...queues].sort(compareQueues);
  const cidAll = [...consumerIds].sort();
  const index = cidAll.indexOf(self);
  if (index < 0 || mqAll.length === 0) return [];
  const n = mqAll.length;
  const m = cidAll.length;
  const mod = n % m;
  const averageSize = n <= m ? 1 : mod > 0 && index < mod ? Math.floor(n / m) + 1 : Math.floor(n / m);
  const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
  const range = Math.min(averageSize, n - startIndex);
  const result: MessageQueue[] = [];
  for (let i = 0; i < range; i++) result.push(mqAll[(startIndex + i) % n] as MessageQueue);
  return result;
}
