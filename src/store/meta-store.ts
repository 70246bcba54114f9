// MetaStore over meta.db. Topic and group writes go straight to SQLite; consumer and delay
// offsets are buffered in memory and persisted by persist() (every
// flushConsumerOffsetIntervalMs and at close).

import type { Database } from "bun:sqlite";
import {
  queueOffset, type AuthAcl, type AuthUser, type QueueOffset, type SubscriptionGroupConfig, type TopicConfig,
} from "../common/index.ts";
import type { ConsumerOffsetEntry, KeyedTable, MetaStore } from "./api.ts";
import { kvGet, kvSet } from "./meta-db.ts";

const SEP = "\u0000";

function jsonTable<T>(db: Database, table: string, nameOf: (value: T) => string, changed: () => void): KeyedTable<T> {
  const cache = new Map<string, T>();
  for (const row of db.query<{ name: string; json: string }, []>(`SELECT name, json FROM ${table}`).all()) {
    cache.set(row.name, JSON.parse(row.json) as T);
  }
  return {
    all: () => [...cache.values()],
    get: (name) => cache.get(name),
    put(value) {
      const name = nameOf(value);
      cache.set(name, value);
      db.query(`INSERT INTO ${table} (name, json) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json`).run(
        name,
        JSON.stringify(value),
      );
      changed();
    },
    delete(name) {
      if (!cache.delete(name)) return;
      db.query(`DELETE FROM ${table} WHERE name = ?`).run(name);
      changed();
    },
  };
}

export class SqliteMetaStore implements MetaStore {
  readonly topics: KeyedTable<TopicConfig>;
  readonly subscriptionGroups: KeyedTable<SubscriptionGroupConfig>;
  readonly consumerOffsets: MetaStore["consumerOffsets"];
  readonly delayOffsets: MetaStore["delayOffsets"];
  readonly authUsers: KeyedTable<AuthUser>;
  readonly authAcls: KeyedTable<AuthAcl>;
  readonly masterFlushedOffset: MetaStore["masterFlushedOffset"];
  private readonly offsets = new Map<string, ConsumerOffsetEntry>();
  private readonly dirtyOffsets = new Set<string>();
  private readonly delays = new Map<number, QueueOffset>();
  private readonly dirtyDelays = new Set<number>();
  private version: { timestamp: number; counter: number };

  constructor(
    private readonly db: Database,
    now: () => number,
  ) {
    const stored = kvGet(db, "topicDataVersion");
    this.version = stored ? (JSON.parse(stored) as { timestamp: number; counter: number }) : { timestamp: now(), counter: 0 };
    const bump = (): void => {
      this.version = { timestamp: now(), counter: this.version.counter + 1 };
      kvSet(db, "topicDataVersion", JSON.stringify(this.version));
    };
    this.topics = jsonTable<TopicConfig>(db, "topics", (t) => t.topicName, bump);
    this.subscriptionGroups = jsonTable<SubscriptionGroupConfig>(db, "subscription_groups", (g) => g.groupName, () => {});
    this.authUsers = jsonTable<AuthUser>(db, "auth_users", (u) => u.username, () => {});
    this.authAcls = jsonTable<AuthAcl>(db, "auth_acls", (a) => a.subject, () => {});
    this.masterFlushedOffset = {
      get: () => Number(kvGet(db, "masterFlushedOffset") ?? "0"),
      set: (offset) => kvSet(db, "masterFlushedOffset", String(offset)),
    };
    this.loadOffsets();
    this.consumerOffsets = this.offsetApi();
    this.delayOffsets = {
      get: (level) => this.delays.get(level),
      set: (level, offset) => {
        this.delays.set(level, offset);
        this.dirtyDelays.add(level);
      },
      all: () => new Map(this.delays),
    };
  }

  private loadOffsets(): void {
    type Row = { consumer_group: string; topic: string; queue_id: number; offset: number };
    for (const row of this.db.query<Row, []>("SELECT consumer_group, topic, queue_id, offset FROM consumer_offsets").all()) {
      const entry = { group: row.consumer_group, topic: row.topic, queueId: row.queue_id, offset: queueOffset(row.offset) };
      this.offsets.set(row.consumer_group + SEP + row.topic + SEP + row.queue_id, entry);
    }
    for (const row of this.db.query<{ level: number; offset: number }, []>("SELECT level, offset FROM delay_offsets").all()) {
      this.delays.set(row.level, queueOffset(row.offset));
    }
  }

  private offsetApi(): MetaStore["consumerOffsets"] {
    return {
      commit: (group, topic, queueId, offset) => {
        const key = group + SEP + topic + SEP + queueId;
        this.offsets.set(key, { group, topic, queueId, offset });
        this.dirtyOffsets.add(key);
      },
      query: (group, topic, queueId) => this.offsets.get(group + SEP + topic + SEP + queueId)?.offset,
      all: () => [...this.offsets.values()],
      deleteGroup: (group) => this.deleteOffsetsWhere((e) => e.group === group, "consumer_group", group),
      deleteTopic: (topic) => this.deleteOffsetsWhere((e) => e.topic === topic, "topic", topic),
    };
  }

  private deleteOffsetsWhere(match: (entry: ConsumerOffsetEntry) => boolean, column: string, value: string): void {
    for (const [key, entry] of this.offsets) {
      if (!match(entry)) continue;
      this.offsets.delete(key);
      this.dirtyOffsets.delete(key);
    }
    this.db.query(`DELETE FROM consumer_offsets WHERE ${column} = ?`).run(value);
  }

  topicDataVersion(): { timestamp: number; counter: number } {
    return { ...this.version };
  }

  /** Writes buffered consumer and delay offsets in one transaction. */
  persist(): void {
    if (this.dirtyOffsets.size === 0 && this.dirtyDelays.size === 0) return;
    const upsertOffset = this.db.query(
      "INSERT INTO consumer_offsets (consumer_group, topic, queue_id, offset) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (consumer_group, topic, queue_id) DO UPDATE SET offset = excluded.offset",
    );
    const upsertDelay = this.db.query(
      "INSERT INTO delay_offsets (level, offset) VALUES (?, ?) ON CONFLICT (level) DO UPDATE SET offset = excluded.offset",
    );
    this.db.transaction(() => {
      for (const key of this.dirtyOffsets) {
        const e = this.offsets.get(key);
        if (e) upsertOffset.run(e.group, e.topic, e.queueId, e.offset);
      }
      for (const level of this.dirtyDelays) upsertDelay.run(level, this.delays.get(level) ?? 0);
    })();
    this.dirtyOffsets.clear();
    this.dirtyDelays.clear();
  }
}
