// All consume queues of the store, by topic and queue id, under <rootDir>/consumequeue.
// Queues are created on first use (a put or a dispatch) and loaded from disk at open.

import fs from "node:fs";
import path from "node:path";
import { ConsumeQueue } from "./consume-queue.ts";

export class QueueTable {
  private readonly topics = new Map<string, Map<number, ConsumeQueue>>();

  constructor(
    readonly dir: string,
    readonly segmentBytes: number,
  ) {}

  /** Loads every queue found on disk. */
  load(): void {
    if (!fs.existsSync(this.dir)) return;
    for (const topic of fs.readdirSync(this.dir)) {
      const topicDir = path.join(this.dir, topic);
      if (!fs.statSync(topicDir).isDirectory()) continue;
      for (const name of fs.readdirSync(topicDir)) {
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
      queue = new ConsumeQueue(topic, queueId, path.join(this.dir, topic, String(queueId)), this.segmentBytes);
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

  deleteTopic(topic: string): void {
    const queues = this.topics.get(topic);
    for (const queue of queues?.values() ?? []) queue.destroy();
    this.topics.delete(topic);
    fs.rmSync(path.join(this.dir, topic), { recursive: true, force: true });
  }

  close(): void {
    for (const queue of this.all()) queue.close();
    this.topics.clear();
  }
}
