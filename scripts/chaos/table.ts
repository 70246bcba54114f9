// The chaos run's final table: one row per consumer group (acknowledged, consumed, lost,
// duplicates, order violations), one row per fault kind (count, recovery p50/max), then findings.
import type { ChaosReport } from "./check.ts";

const seconds = (ms: number | undefined) => (ms === undefined ? "never" : `${(ms / 1000).toFixed(1)} s`);
const cells = (widths: number[], values: (string | number)[]) =>
  values.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]!) : String(v).padStart(widths[i]!))).join("  ");

export function reportTable(report: ChaosReport, durationS: number): string {
  const out: string[] = [];
  const gw = [22, 10, 10, 6, 10, 14, 8];
  out.push(`chaos run: ${durationS} s of faults, ${report.acks} sends acknowledged, ${report.sendFailures} sends failed`);
  out.push("");
  out.push(cells(gw, ["group", "acked", "consumed", "lost", "duplicates", "unacked-stored", "order"]));
  for (const g of report.groups) {
    out.push(cells(gw, [g.group, g.acked, g.consumed, g.lost.length, g.duplicates, g.unackedConsumed, g.orderViolations]));
  }
  out.push("");
  const fw = [10, 6, 10, 10, 12, 12, 12, 12, 12];
  out.push(cells(fw, ["fault", "count", "length", "restarted", "first p50", "first max", "all p50", "all max", "unrecovered"]));
  for (const k of report.kinds) {
    out.push(cells(fw, [k.kind, k.count, seconds(k.lengthP50Ms), k.restarts, seconds(k.anyP50Ms), seconds(k.anyMaxMs), seconds(k.allP50Ms),
      seconds(k.allMaxMs), k.unrecovered]));
  }
  out.push("");
  out.push("length: p50 of how long the fault lasted (kill: until the process was gone, then it is restarted at once);");
  out.push("recovery: from the fault's end (kill: the restart, boot included) to the first acknowledged send (first) / until every producer had one (all);");
  out.push("restarted: the broker needed a restart to accept sends again; unacked-stored: received, its send not acknowledged");
  return out.join("\n") + "\n";
}

/** The run passes when no group lost an acknowledged message and no orderly key went out of order. */
export function passed(report: ChaosReport): boolean {
  return report.groups.every((g) => g.lost.length === 0 && g.orderViolations === 0);
}
