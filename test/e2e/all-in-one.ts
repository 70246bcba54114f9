// `mq all-in-one` on free ports in a test's directory, awaited until its ready line (the
// console's, by default).
import { freePort, spawnMq } from "./harness.ts";

export async function allInOne(
  dir: string, extra: string[] = [], ready = (l: string) => l.startsWith("The console is at "), env: Record<string, string> = {},
) {
  const [namesrvPort, brokerPort, consolePort] = [await freePort(), await freePort(), await freePort()];
  const proc = spawnMq("all-in-one", ["all-in-one", `--namesrv-port=${namesrvPort}`, `--listenPort=${brokerPort}`,
    `--consolePort=${consolePort}`, `--storePathRootDir=${dir}/store-${brokerPort}`, "--logsDir=", ...extra], { cwd: dir, env });
  await proc.until(() => proc.lines.some(ready), "the ready line");
  return { proc, namesrvPort, brokerPort, consolePort };
}
