// Every command mq has, in the order `mq --help` lists them. A command is listed once it works.
import type { CliCommand } from "./command.ts";
import { configCommand } from "./config.ts";

export const commands: readonly CliCommand[] = [
  configCommand,
];
