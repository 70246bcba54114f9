// The Java scenarios and the mqadmin runner (test/compat/java): built once with Maven, then
// reused while their sources and poms are unchanged (a stamp of their contents sits in target/),
// and run in one JVM per client version.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, spawnProc } from "../e2e/harness.ts";
import { buildUnlessFresh, filesUnder, inputsHash, runTool } from "./build-cache.ts";
import { ScenarioRun } from "./scenario-run.ts";

export const JAVA_DIR = join(ROOT, "test", "compat", "java");
export type JavaModule = "v4" | "v5" | "v4-admin" | "v5-admin";
const MODULES: JavaModule[] = ["v4", "v5", "v4-admin", "v5-admin"];
const STAMP = join(JAVA_DIR, "target", "sources.sha256");
/** A cold ~/.m2 downloads the clients and Maven's plugins first. */
const BUILD_TIMEOUT_MS = 480_000;

/** The rocketmq-client (or, for an admin module, rocketmq-tools) version a module's pom pins. */
export function clientVersion(module: JavaModule): string {
  const pom = readFileSync(join(JAVA_DIR, module, "pom.xml"), "utf8");
  const version = /<artifactId>rocketmq-(?:client|tools)<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)?.[1];
  if (version === undefined) throw new Error(`${module}/pom.xml pins no rocketmq-client or rocketmq-tools version`);
  return version;
}

const classpathFile = (module: JavaModule) => join(JAVA_DIR, module, "target", "classpath.txt");

/** The module's runtime classpath: its classes, then every dependency jar (all of which must exist). */
function classpathOf(module: JavaModule): string[] | undefined {
  if (!existsSync(classpathFile(module))) return undefined;
  const jars = readFileSync(classpathFile(module), "utf8").trim().split(":");
  if (!jars.every((jar) => existsSync(jar))) return undefined;
  return [join(JAVA_DIR, module, "target", "classes"), ...jars];
}

/** Builds the scenarios unless the last build is of the same sources; resolves with each module's classpath. */
export async function buildJava(): Promise<Record<JavaModule, string[]>> {
  const inputs = [join(JAVA_DIR, "pom.xml"), ...MODULES.map((m) => join(JAVA_DIR, m, "pom.xml")), ...filesUnder(join(JAVA_DIR, "src")), ...filesUnder(join(JAVA_DIR, "admin"))];
  await buildUnlessFresh(STAMP, inputsHash(JAVA_DIR, inputs), () => MODULES.every((m) => classpathOf(m) !== undefined), () =>
    runTool(["mvn", "-q", "-B", "compile"], {
      cwd: JAVA_DIR,
      env: { MAVEN_OPTS: process.env.MAVEN_OPTS ?? "-XX:TieredStopAtLevel=1 -Xmx512m" },
      timeoutMs: BUILD_TIMEOUT_MS,
    }));
  const classpaths = {} as Record<JavaModule, string[]>;
  for (const m of MODULES) {
    const cp = classpathOf(m);
    if (cp === undefined) throw new Error(`${classpathFile(m)} is missing or names a missing jar after the build`);
    classpaths[m] = cp;
  }
  return classpaths;
}

/** Starts one JVM that runs the scenarios in order against the NameServer; topics are <prefix>_<scenario>. */
export function runJava(
  classpath: string[],
  opts: { name: string; namesrvAddr: string; prefix: string; dir: string; scenarios: string[]; systemProps?: Record<string, string> },
): ScenarioRun {
  return runJavaMain(classpath, { ...opts, main: "mqcompat.Main", args: [opts.namesrvAddr, opts.prefix, ...opts.scenarios] });
}

/** Starts main in a small JVM whose client logs and offset files go to the test's directory, and
 *  that runs there (mqadmin consumerStatus writes <now>/<clientId> files where it runs). */
export function runJavaMain(
  classpath: string[],
  opts: { name: string; dir: string; main: string; args: string[]; systemProps?: Record<string, string> },
): ScenarioRun {
  const logs = join(opts.dir, `${opts.name}-logs`);
  const proc = spawnProc(opts.name, [
    "java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
    // 4.x logs through its own logger, 5.x through logback: both into the test's directory.
    `-Drocketmq.client.logRoot=${logs}`, "-Drocketmq.client.logLevel=WARN",
    `-Drocketmq.log.root=${logs}`, "-Drocketmq.log.level=WARN",
    `-Drocketmq.client.localOffsetStoreDir=${join(opts.dir, `${opts.name}-offsets`)}`,
    ...Object.entries(opts.systemProps ?? {}).map(([key, value]) => `-D${key}=${value}`),
    "-cp", classpath.join(":"), opts.main, ...opts.args,
  ], { cwd: opts.dir });
  return new ScenarioRun(proc);
}
