// The Prometheus text exposition format, version 0.0.4:
//
//   # HELP <name> <help, \ and newline escaped>
//   # TYPE <name> counter|gauge|histogram
//   <name>{<label>="<value, \ " and newline escaped>",...} <value>
//   histograms: <name>_bucket{...,le="<bound>"} <cumulative count> for each bound and "+Inf",
//               then <name>_sum{...} and <name>_count{...}
import type { HistogramSnapshot } from "./families.ts";

export interface Sample {
  values: readonly string[];
  value?: number;
  histogram?: HistogramSnapshot & { bounds: readonly number[] };
}

const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((n, i) => `${n}="${escapeValue(values[i] ?? "")}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeValue(extra[1])}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

export function formatFamily(
  name: string, help: string, type: string, labelNames: readonly string[], samples: readonly Sample[],
): string {
  const lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const h = s.histogram;
    if (h === undefined) {
      lines.push(`${name}${labelText(labelNames, s.values)} ${formatNumber(s.value ?? 0)}`);
      continue;
    }
    h.bounds.forEach((bound, i) => {
      lines.push(`${name}_bucket${labelText(labelNames, s.values, ["le", formatNumber(bound)])} ${h.cumulative[i] ?? 0}`);
    });
    lines.push(`${name}_bucket${labelText(labelNames, s.values, ["le", "+Inf"])} ${h.count}`);
    lines.push(`${name}_sum${labelText(labelNames, s.values)} ${formatNumber(h.sum)}`);
    lines.push(`${name}_count${labelText(labelNames, s.values)} ${h.count}`);
  }
  return `${lines.join("\n")}\n`;
}
