// All consume queues of the store, by topic and queue id, under <rootDir>/consumequeue.
// Queues are created on first use (a put or a dispatch) and loaded from disk at open.

import path from "node:path";
import { ConsumeQueue } from "./consume-queue.ts";
import type { Disk } from "./disk.ts";

export class QueueTable {
  private readonly topics = new Map<string, Map<number, ConsumeQueue>>();

  constructor(
    private readonly disk: Disk,
    readonly dir: string,
    readonly segmentBytes: number,
  ) {}

  /** Loads every queue found on disk. */
  load(): void {
    for (const topic of this.disk.list(this.dir)) {
      const topicDir = path.join(this.dir, topic);
      if (!this.disk.isDirectory(topicDir)) continue;
      for (const name of this.disk.list(topicDir)) {
        if (!/^\d+$/.test(name)) continue;
        this.getOrCreate(topic, Number(name)).load();
      }
    }
  }

  get(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.topics.get(topic)?.get(queueId);
  }

  getOrCreate(topic: string, queueId: number): ConsumeQueue {
    let queues = this.topics.get(topic);
    if (!queues) {
      queues = new Map();
      this.topics.set(topic, queues);
    }
    let queue = queues.get(queueId);
    if (!queue) {
      queue = new ConsumeQueue(this.disk, topic, queueId, path.join(this.dir, topic, String(queueId)), this.segmentBytes);
      queues.set(queueId, queue);
    }
    return queue;
  }

  *all(): IterableIterator<ConsumeQueue> {
    for (const queues of this.topics.values()) yield* queues.values();
  }

  /** fsyncs every queue written since the last sync. */
  sync(): void {
    for (const queue of this.all()) queue.sync();
  }

  /** As sync(), without holding this thread: the fsyncs run on the thread pool. */
  async syncAsync(): Promise<void> {
    await Promise.all([...this.all()].map((queue) => queue.syncAsync()));
  }

  /** The topics that have consume queues. */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** Closes and deletes one queue; the topic's folder goes with its last queue. */
  deleteQueue(topic: string, queueId: number): void {
    const queues = this.topics.get(topic);
    queues?.get(queueId)?.destroy();
    queues?.delete(queueId);
    if (queues !== undefined && queues.size === 0) this.deleteTopic(topic);
  }

  deleteTopic(topic: string): void {
    const queues = this.topics.get(topic);
    for (const queue of queues?.values() ?? []) queue.destroy();
    this.topics.delete(topic);
    this.disk.remove(path.join(this.dir, topic));
  }

  close(): void {
    for (const queue of this.all()) queue.close();
    this.topics.clear();
  }
}
