// The mqadmin inventory (mqadmin-inventory.ts) against `mq admin`: every subcommand marked served
// exists with `mq admin help <cmd>` and `mq admin <cmd> --help` alike, and none marked otherwise
// has crept in unmarked. The list itself is checked against the real mqadmin in test/compat.
import { describe, expect, test } from "bun:test";
import { subcommands } from "../../src/cli/admin-subcommands.ts";
import { runCli } from "../../src/cli/index.ts";
import { INVENTORY, stateText } from "./mqadmin-inventory.ts";

async function mq(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ["", ""];
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const outcome = await runCli(argv, { io, env: {}, stdout: () => {} });
  if (outcome.kind !== "exit") throw new Error("admin must not serve");
  return { code: outcome.code, out, err };
}

const mqNames = new Set(subcommands.map((s) => s.name));
const served = INVENTORY.filter((r) => "served" in r.state).map((r) => r.name);

describe("the mqadmin inventory", () => {
  test("names each mqadmin subcommand once", () => {
    const names = INVENTORY.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("every subcommand marked served is an mq admin subcommand", () => {
    expect(served.filter((name) => !mqNames.has(name))).toEqual([]);
  });

  test("every mq admin subcommand that mqadmin has is marked served", () => {
    const unmarked = INVENTORY.filter((r) => mqNames.has(r.name) && !("served" in r.state)).map((r) => `${r.name}: ${stateText(r.state)}`);
    expect(unmarked).toEqual([]);
  });

  test("every state that is not served says why", () => {
    for (const r of INVENTORY.filter((x) => !("served" in x.state))) expect(stateText(r.state)).toMatch(/^(pending|not applicable): .{20,}/);
  });

  test("mq admin help <cmd> and mq admin <cmd> --help print the same usage for every served subcommand", async () => {
    for (const name of served) {
      const [viaHelp, viaFlag] = [await mq("admin", "help", name), await mq("admin", name, "--help")];
      expect({ name, code: viaHelp.code, out: viaHelp.out }).toEqual({ name, code: 0, out: expect.stringContaining(`usage: mq admin ${name} `) });
      expect(viaFlag.out).toBe(viaHelp.out);
    }
  });
});
