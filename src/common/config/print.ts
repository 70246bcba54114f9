// The effective configuration as .properties text, each value followed by where it came from:
//   listenPort=10911          # default
//   brokerName=broker-a       # conf/broker-a.properties:4
// The output can be fed back through `-c`.
import { describeSource, type Loaded } from "./load.ts";
import { schemaOf } from "./schema.ts";
import type { Role } from "./spec.ts";

function escapeValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")
    .replace(/^ /, "\\ ");
}

/** One role's settings; `prefix` ("namesrv.") is used when several roles are printed together. */
export function formatConfig<R extends Role>(role: R, loaded: Loaded<R>, prefix = ""): string {
  const values = loaded.config as unknown as Readonly<Record<string, string | number | boolean>>;
  const lines = Object.entries(schemaOf(role)).map(([key, spec]) => {
    const source = loaded.sources[key];
    const note = `${source === undefined ? "" : describeSource(source)}${spec.ignored ? ", no effect in mq" : ""}`;
    return { text: `${prefix}${key}=${escapeValue(String(values[key]))}`, note };
  });
  const width = Math.min(48, Math.max(...lines.map((l) => l.text.length)));
  return lines.map((l) => `${l.text.padEnd(width)}  # ${l.note}`).join("\n") + "\n";
}
