// `mq version`, `mq --version`, `mq -v`: mq's release on the first line; on the second, the Bun
// runtime compiled into the binary and the git commit it was built from (see scripts/build.ts).
import { MQ_COMMIT, MQ_VERSION } from "../common/index.ts";
import { EXIT_OK, type Io, type ToolCommand } from "./command.ts";

export function versionText(): string {
  return `mq ${MQ_VERSION}\nbun ${Bun.version}, commit ${MQ_COMMIT}\n`;
}

async function run(_args: readonly string[], _options: unknown, io: Io): Promise<number> {
  io.out(versionText());
  return EXIT_OK;
}

export const versionCommand: ToolCommand = {
  kind: "tool",
  name: "version",
  description: "print mq's version, the Bun version and the git commit it was built from (also -v, --version)",
  run,
};
