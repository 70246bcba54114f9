// GET_BROKER_CONFIG (26): no header; body = the broker's configuration as .properties text
// ("key=value" lines, sorted), reply extFields `version` = a DataVersion JSON (fixed: mq's
// configuration does not change at runtime).
import { ResponseCode, utf8 } from "../../common/index.ts";
import { SECRET_KEYS } from "../../common/config/index.ts";
import { reply, type Handler } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export function brokerConfig(ctx: BrokerContext, bootMs: number): Handler {
  return () => {
    const lines: string[] = [];
    const options = ctx.options as unknown as Record<string, unknown>;
    for (const key of Object.keys(options).sort()) {
      const value = options[key];
      if (SECRET_KEYS.has(key)) continue;
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        lines.push(`${key}=${String(value)}`);
      }
    }
    return reply(ResponseCode.SUCCESS, {
      extFields: { version: JSON.stringify({ counter: 0, timestamp: bootMs }) },
      body: utf8(`${lines.join("\n")}\n`),
    });
  };
}
