// What the run knows while it runs, from the journals' new lines (read from where the last read
// stopped): the latest ack per producer, and per group how many acknowledged messages it still
// lacks — what the fault loop waits on for recovery and the final drain waits on to finish.
import { closeSync, existsSync, openSync, readSync, fstatSync } from "node:fs";
import type { GroupSpec } from "./check.ts";
import type { JournalLine } from "./journal.ts";

export class LiveView {
  private readonly offsets = new Map<string, number>();
  private readonly rests = new Map<string, string>();
  private readonly lastAckMs = new Map<string, number>();
  private readonly ackedByTopic = new Map<string, Set<string>>();
  private readonly receivedByGroup = new Map<string, Set<string>>();
  /** Send errors seen, by text, with the time of the last one. */
  readonly failures = new Map<string, { count: number; lastMs: number }>();

  constructor(private readonly paths: string[], private readonly groups: GroupSpec[]) {}

  /** Reads what the journals gained since the last call. */
  poll(): void {
    for (const path of this.paths) for (const line of this.newLines(path)) this.take(line);
  }

  /** The newest ack time of any producer. */
  lastAck(): number {
    return Math.max(0, ...this.lastAckMs.values());
  }

  acks(): number {
    let n = 0;
    for (const ids of this.ackedByTopic.values()) n += ids.size;
    return n;
  }

  /** Per group, acknowledged messages of its topics it has not received yet. */
  missing(): Map<string, number> {
    const out = new Map<string, number>();
    for (const spec of this.groups) {
      const got = this.receivedByGroup.get(spec.group) ?? new Set<string>();
      let lacking = 0;
      for (const topic of spec.topics) for (const id of this.ackedByTopic.get(topic) ?? []) if (!got.has(id)) lacking++;
      out.set(spec.group, lacking);
    }
    return out;
  }

  private take(line: JournalLine): void {
    if (line.k === "ack") {
      this.lastAckMs.set(line.c, Math.max(line.t, this.lastAckMs.get(line.c) ?? 0));
      let ids = this.ackedByTopic.get(line.topic);
      if (!ids) this.ackedByTopic.set(line.topic, (ids = new Set()));
      ids.add(line.id);
    } else if (line.k === "recv") {
      let ids = this.receivedByGroup.get(line.g);
      if (!ids) this.receivedByGroup.set(line.g, (ids = new Set()));
      ids.add(line.id);
    } else {
      const key = line.err.replace(/\d+/g, "N").slice(0, 120);
      const seen = this.failures.get(key) ?? { count: 0, lastMs: 0 };
      this.failures.set(key, { count: seen.count + 1, lastMs: line.t });
    }
  }

  private newLines(path: string): JournalLine[] {
    if (!existsSync(path)) return [];
    const fd = openSync(path, "r");
    try {
      const from = this.offsets.get(path) ?? 0;
      const size = fstatSync(fd).size;
      if (size <= from) return [];
      const bytes = Buffer.alloc(size - from);
      readSync(fd, bytes, 0, bytes.length, from);
      this.offsets.set(path, size);
      const text = (this.rests.get(path) ?? "") + bytes.toString("utf8");
      const cut = text.lastIndexOf("\n");
      this.rests.set(path, text.slice(cut + 1));
      return text.slice(0, cut + 1).split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as JournalLine);
    } finally {
      closeSync(fd);
    }
  }
}
