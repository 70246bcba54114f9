// Namespaced key/value settings kept by the NameServer (RocketMQ's KVConfigManager), e.g. the
// ORDER_TOPIC_CONFIG namespace ("topic" -> "brokerA:4;brokerB:4").
//
// File: kvConfigPath, JSON {"configTable":{"<namespace>":{"<key>":"<value>"}}}, the format Java
// writes. put() and delete() rewrite the whole file before returning (write to "<path>.tmp",
// fsync, rename), so an acknowledged change survives a crash. A missing file is an empty table.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { asFields, parseFastjson, type KVTable } from "../common/index.ts";

export class KvConfig {
  private readonly table = new Map<string, Map<string, string>>();

  /** path undefined: kept in memory only (tests). */
  constructor(private readonly path?: string) {}

  /** Reads the file if it exists; throws when it exists but is not a KV config. */
  load(): void {
    if (this.path === undefined || !existsSync(this.path)) return;
    const root = asFields(parseFastjson(readFileSync(this.path, "utf8")), "kvConfig");
    const config = asFields(root.configTable ?? {}, "configTable");
    for (const [namespace, entries] of Object.entries(config)) {
      const m = new Map<string, string>();
      for (const [k, v] of Object.entries(asFields(entries, namespace))) m.set(k, String(v));
      this.table.set(namespace, m);
    }
  }

  put(namespace: string, key: string, value: string): void {
    let m = this.table.get(namespace);
    if (!m) this.table.set(namespace, (m = new Map()));
    m.set(key, value);
    this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.table.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const m = this.table.get(namespace);
    if (!m?.delete(key)) return;
    if (m.size === 0) this.table.delete(namespace);
    this.persist();
  }

  /** Every key of a namespace, or undefined when it has none. */
  list(namespace: string): KVTable | undefined {
    const m = this.table.get(namespace);
    return m ? Object.fromEntries(m) : undefined;
  }

  private persist(): void {
    if (this.path === undefined) return;
    const configTable: Record<string, KVTable> = {};
    for (const [ns, m] of this.table) configTable[ns] = Object.fromEntries(m);
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify({ configTable }, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}
