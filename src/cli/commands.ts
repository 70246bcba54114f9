// Every command mq has, in the order `mq --help` lists them. A command is listed once it works.
import type { CliCommand } from "./command.ts";
import { allInOneCommand } from "./all-in-one.ts";
import { brokerCommand } from "./broker.ts";
import { adminCommand } from "./admin.ts";
import { benchCommand } from "./bench.ts";
import { consumeCommand } from "./consume.ts";
import { controllerCommand } from "./controller.ts";
import { produceCommand } from "./produce.ts";
import { configCommand } from "./config.ts";
import { consoleCommand } from "./console.ts";
import { namesrvCommand } from "./namesrv.ts";
import { shutdownCommand } from "./shutdown.ts";
import { versionCommand } from "./version.ts";

export const commands: readonly CliCommand[] = [
  namesrvCommand,
  brokerCommand,
  allInOneCommand,
  controllerCommand,
  shutdownCommand,
  configCommand,
  adminCommand,
  produceCommand,
  consumeCommand,
  benchCommand,
  consoleCommand,
  versionCommand,
];
