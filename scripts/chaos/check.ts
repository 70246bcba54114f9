// The chaos run's checker (OpenChaos's lost, duplicate and order checkers, plus recovery time),
// a pure function of the journals and the fault log:
// - lost: a message acknowledged SEND_OK to a topic a group subscribes that the group never
//   received (the run drains every consumer after the last fault before checking);
// - duplicates: receipts of a message the group had already received (allowed, counted);
// - order violations (orderly groups only): per key, a message received for the first time after
//   one with a higher seq had been received — redeliveries of messages already seen are
//   duplicates, not violations;
// - recovery: per fault, from the moment it was lifted to the first acknowledged send of any
//   producer, and to the moment every producer had one again.
import type { Ack, JournalLine, Receipt } from "./journal.ts";

export type FaultKind = "kill" | "pause" | "disk-full" | "power-cut";

export interface Fault {
  kind: FaultKind;
  startMs: number;
  /** When the fault was lifted: broker restarted, resumed, ballast removed. */
  endMs: number;
  /** Set when the broker had to be restarted to accept sends again (e.g. a sticky write error). */
  restartedMs?: number;
}

export interface GroupSpec {
  group: string;
  topics: string[];
  orderly: boolean;
}

export interface GroupReport {
  group: string;
  /** Distinct messages acknowledged to the group's topics. */
  acked: number;
  /** Distinct messages the group received (acked or not). */
  consumed: number;
  lost: string[];
  duplicates: number;
  /** Received although no send of them was acknowledged (stored, but the reply was lost). */
  unackedConsumed: number;
  orderViolations: number;
}

export interface FaultRecovery {
  fault: Fault;
  /** ms from endMs to the first ack of any producer; undefined: none came. */
  anyMs: number | undefined;
  /** ms from endMs until every producer had an ack again; undefined: one never did. */
  allMs: number | undefined;
}

export interface KindSummary {
  kind: FaultKind;
  count: number;
  /** How long the fault lasted (kill: until the process was gone; pause, disk-full: the hold). */
  lengthP50Ms: number | undefined;
  restarts: number;
  anyP50Ms: number | undefined;
  anyMaxMs: number | undefined;
  allP50Ms: number | undefined;
  allMaxMs: number | undefined;
  /** Faults after which some producer never sent successfully again. */
  unrecovered: number;
}

export interface ChaosReport {
  groups: GroupReport[];
  recoveries: FaultRecovery[];
  kinds: KindSummary[];
  acks: number;
  sendFailures: number;
}

export function checkRun(lines: JournalLine[], faults: Fault[], groups: GroupSpec[]): ChaosReport {
  const acks = lines.filter((l): l is Ack => l.k === "ack");
  const receipts = lines.filter((l): l is Receipt => l.k === "recv");
  const recoveries = faults.map((fault) => recoveryOf(fault, acks));
  return {
    groups: groups.map((spec) => checkGroup(spec, acks, receipts.filter((r) => r.g === spec.group))),
    recoveries,
    kinds: summarizeKinds(recoveries),
    acks: acks.length,
    sendFailures: lines.filter((l) => l.k === "fail").length,
  };
}

export function checkGroup(spec: GroupSpec, acks: Ack[], receipts: Receipt[]): GroupReport {
  const topics = new Set(spec.topics);
  const acked = new Set(acks.filter((a) => topics.has(a.topic)).map((a) => a.id));
  const seen = new Set<string>();
  let duplicates = 0;
  for (const r of receipts) {
    if (seen.has(r.id)) duplicates++;
    seen.add(r.id);
  }
  return {
    group: spec.group,
    acked: acked.size,
    consumed: seen.size,
    lost: [...acked].filter((id) => !seen.has(id)),
    duplicates,
    unackedConsumed: [...seen].filter((id) => !acked.has(id)).length,
    orderViolations: spec.orderly ? orderViolations(receipts) : 0,
  };
}

/** Per key, first receipts whose seq is below the highest seq already received for that key. */
export function orderViolations(receipts: Receipt[]): number {
  const highest = new Map<string, number>();
  const seen = new Set<string>();
  let violations = 0;
  for (const r of receipts) {
    if (r.key === undefined || r.seq === undefined || seen.has(r.id)) continue;
    seen.add(r.id);
    const top = highest.get(r.key) ?? -1;
    if (r.seq < top) violations++;
    else highest.set(r.key, r.seq);
  }
  return violations;
}

export function recoveryOf(fault: Fault, acks: Ack[]): FaultRecovery {
  const firstAfter = new Map<string, number>();
  const clients = new Set<string>();
  for (const a of acks) {
    clients.add(a.c);
    if (a.t < fault.endMs) continue;
    const first = firstAfter.get(a.c);
    if (first === undefined || a.t < first) firstAfter.set(a.c, a.t);
  }
  const firsts = [...firstAfter.values()];
  const anyMs = firsts.length === 0 ? undefined : Math.min(...firsts) - fault.endMs;
  const allMs = firsts.length < clients.size || firsts.length === 0 ? undefined : Math.max(...firsts) - fault.endMs;
  return { fault, anyMs, allMs };
}

function summarizeKinds(recoveries: FaultRecovery[]): KindSummary[] {
  const kinds = [...new Set(recoveries.map((r) => r.fault.kind))];
  return kinds.map((kind) => {
    const of = recoveries.filter((r) => r.fault.kind === kind);
    const anys = of.flatMap((r) => (r.anyMs === undefined ? [] : [r.anyMs]));
    const alls = of.flatMap((r) => (r.allMs === undefined ? [] : [r.allMs]));
    return {
      kind,
      count: of.length,
      lengthP50Ms: percentile(of.map((r) => r.fault.endMs - r.fault.startMs), 50),
      restarts: of.filter((r) => r.fault.restartedMs !== undefined).length,
      anyP50Ms: percentile(anys, 50),
      anyMaxMs: anys.length === 0 ? undefined : Math.max(...anys),
      allP50Ms: percentile(alls, 50),
      allMaxMs: alls.length === 0 ? undefined : Math.max(...alls),
      unrecovered: of.filter((r) => r.allMs === undefined).length,
    };
  });
}

/** The nearest-rank percentile of values; undefined for none. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
