// Splits a command's raw arguments before cac sees them: options the command declares stay for
// cac; for role commands every other `--key=value` (or `--key value`, or a bare `--flag` = true)
// becomes a config setting, kept as the exact text typed (cac would turn "04" into 4).
// Anything else unknown is an error with a suggestion.
import { allKeyNames, didYouMean, legacyKeys } from "../common/config/index.ts";
import type { Setting } from "./role-config.ts";

export interface SplitArgs { forCac: string[]; settings: Setting[]; errors: string[] }

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function isConfigKey(name: string): boolean {
  const bare = name.replace(/^(broker|namesrv)\./, "");
  return allKeyNames().includes(bare) || bare in legacyKeys;
}

/**
 * `declared` says whether a camelCased option name is one the command (or mq itself) declares;
 * `longNames` are the declared long names, for suggestions.
 */
export function splitArgs(
  raw: readonly string[], declared: (name: string) => boolean, longNames: readonly string[], acceptsConfig: boolean,
): SplitArgs {
  const out: SplitArgs = { forCac: [], settings: [], errors: [] };
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i] ?? "";
    if (token === "--") {
      out.forCac.push(...raw.slice(i));
      break;
    }
    if (!token.startsWith("-") || token === "-" || /^-\d/.test(token)) {
      out.forCac.push(token);
      continue;
    }
    const long = token.startsWith("--");
    const names = long ? [token.slice(2).split("=")[0] ?? ""] : [...token.slice(1).split("=")[0] ?? ""];
    const unknown = names.filter((n) => !declared(camel(n.replace(/^no-/, ""))));
    if (unknown.length === 0) {
      out.forCac.push(token);
      continue;
    }
    const name = names[0] ?? "";
    if (long && acceptsConfig && isConfigKey(name)) {
      const eq = token.indexOf("=");
      const next = raw[i + 1];
      const value = eq >= 0 ? token.slice(eq + 1) : next !== undefined && !next.startsWith("-") ? (i++, next) : "true";
      out.settings.push({ key: name, value });
      continue;
    }
    const shown = long ? `--${name}` : `-${unknown[0]}`;
    const candidates = [...longNames, ...(acceptsConfig ? allKeyNames() : [])];
    out.errors.push(`unknown option ${shown}${long ? didYouMean(name, candidates, "--") : ""}`);
  }
  return out;
}
