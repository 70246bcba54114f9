// GET_CONTROLLER_CONFIG and UPDATE_CONTROLLER_CONFIG: the controller's settings as .properties
// text ("key=value" lines, sorted). Only UPDATABLE_KEYS change at runtime (until restart); any
// other key is refused with the list of those that may, and nothing is changed.
import { BrokerError, ResponseCode } from "../common/index.ts";
import { parseProperties } from "../common/config/index.ts";
import { UPDATABLE_KEYS, type Controller, type UpdatableKey } from "./controller.ts";

export function controllerConfigText(c: Controller): string {
  const o = c.options;
  const values: Record<string, string | number | boolean> = {
    controllerStorePath: o.controllerStorePath, controllerType: "DLedger", scanNotActiveBrokerInterval: o.scanNotActiveBrokerInterval,
    scanInactiveMasterInterval: o.scanInactiveMasterInterval, ...c.settings,
  };
  return `${Object.keys(values).sort().map((k) => `${k}=${String(values[k])}`).join("\n")}\n`;
}

export function updateControllerConfig(c: Controller, text: string): void {
  const parsed = parseProperties(text);
  if (!parsed.ok) throw new BrokerError(ResponseCode.INVALID_PARAMETER, `line ${parsed.line}: ${parsed.message}`);
  const updates: [UpdatableKey, boolean][] = [];
  for (const { key, value } of parsed.entries) {
    if (!(UPDATABLE_KEYS as readonly string[]).includes(key)) {
      throw new BrokerError(ResponseCode.INVALID_PARAMETER, `${key} cannot be changed at runtime; these can: ${UPDATABLE_KEYS.join(", ")}`);
    }
    if (value !== "true" && value !== "false") throw new BrokerError(ResponseCode.INVALID_PARAMETER, `${key}=${value}: expected true or false`);
    updates.push([key as UpdatableKey, value === "true"]);
  }
  for (const [key, value] of updates) c.settings[key] = value;
  c.log.info("controller config updated", Object.fromEntries(updates));
}
