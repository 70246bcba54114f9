// The command line: the only place besides main.ts that prints or exits.
export { runCli, type CliOutcome, type CliEnv } from "./run.ts";
export type { CliCommand, ToolCommand, RoleCommand, Service, Io, Options, CliOption } from "./command.ts";
export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from "./command.ts";
export { loadRoleConfig, loadRoleConfigs, roleArgs, type RoleArgs, type Setting, type RoleConfigOutcome } from "./role-config.ts";
export { idleBackgroundThreads, idleBackgroundThreadsOnce, BACKGROUND_THREAD_NAMES, SCHED_IDLE } from "./thread-priority.ts";
