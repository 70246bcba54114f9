// The effective configuration as a .properties file, each key under a comment saying where its
// value came from:
//   # default
//   listenPort=10911
//   # conf/broker-a.properties:7
//   brokerName=broker-a
// Fed back through `-c`, it loads to the same values: values are escaped as .properties requires,
// and a key mq ignores is commented out while at its default (reading it back would only say so).
import { describeSource, type Loaded } from "./load.ts";
import { formatProperty } from "./properties.ts";
import { schemaOf } from "./schema.ts";
import type { Role } from "./spec.ts";

/** One role's settings; `prefix` ("namesrv.") is used when several roles are printed together. */
export function formatConfig<R extends Role>(role: R, loaded: Loaded<R>, prefix = ""): string {
  const values = loaded.config as unknown as Readonly<Record<string, string | number | boolean>>;
  return Object.entries(schemaOf(role)).map(([key, spec]) => {
    const source = loaded.sources[key];
    const where = source === undefined ? "" : describeSource(source).replace(/\r\n|\r|\n/g, " ");
    const note = `${where}${spec.ignored ? ", no effect in mq" : ""}`;
    const inert = spec.ignored === true && source?.kind === "default";
    // A secret is never shown: commented out, so the printed file does not carry it either.
    if (spec.secret === true && values[key] !== "") return `# ${note}, a secret: not shown\n#${prefix}${key}=\n`;
    return `# ${note}\n${inert ? "#" : ""}${formatProperty(`${prefix}${key}`, String(values[key]))}\n`;
  }).join("");
}
