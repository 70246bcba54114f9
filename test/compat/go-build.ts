// The Go scenarios (test/compat/go): `go build` into test/compat/go/.bin, reused while go.mod,
// go.sum and the sources are unchanged, and run as one process.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, spawnProc } from "../e2e/harness.ts";
import { buildUnlessFresh, filesUnder, inputsHash, runTool } from "./build-cache.ts";
import { ScenarioRun } from "./scenario-run.ts";

export const GO_DIR = join(ROOT, "test", "compat", "go");
const BINARY = join(GO_DIR, ".bin", "mqcompat");
const STAMP = join(GO_DIR, ".bin", "sources.sha256");
/** A cold module cache downloads rocketmq-client-go and its dependencies first. */
const BUILD_TIMEOUT_MS = 480_000;

/** The rocketmq-client-go version go.mod pins. */
export function goClientVersion(): string {
  const version = /github\.com\/apache\/rocketmq-client-go\/v2 (v\S+)/.exec(readFileSync(join(GO_DIR, "go.mod"), "utf8"))?.[1];
  if (version === undefined) throw new Error("test/compat/go/go.mod pins no rocketmq-client-go version");
  return version;
}

/** Builds the scenario binary unless the last build is of the same sources; resolves with its path. */
export async function buildGo(): Promise<string> {
  const inputs = filesUnder(GO_DIR).filter((path) => /\/(go\.mod|go\.sum|[^/]+\.go)$/.test(path) && !path.includes("/.bin/"));
  await buildUnlessFresh(STAMP, inputsHash(GO_DIR, inputs), () => existsSync(BINARY), () =>
    runTool(["go", "build", "-mod=readonly", "-o", BINARY, "."], { cwd: GO_DIR, timeoutMs: BUILD_TIMEOUT_MS }));
  return BINARY;
}

/** Starts the scenario binary against the NameServer; topics are <prefix>_<scenario>. */
/** hold: the process stays up after its scenarios, with the clients they left running, until killed. */
export function runGo(
  binary: string,
  opts: { namesrvAddr: string; prefix: string; dir: string; scenarios: string[]; name?: string; hold?: boolean; env?: Record<string, string> },
): ScenarioRun {
  const proc = spawnProc(opts.name ?? "go-client", [binary, opts.namesrvAddr, opts.prefix, ...opts.scenarios], {
    // Broadcasting consumers keep their offsets in local files; rocketmq-client-go reads this variable.
    env: {
      "rocketmq.client.localOffsetStoreDir": join(opts.dir, "go-offsets"), ...(opts.hold === true ? { MQCOMPAT_HOLD: "1" } : {}), ...opts.env,
    },
  });
  return new ScenarioRun(proc);
}
