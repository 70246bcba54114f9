// ACL credentials of the client tools (admin, produce, consume, bench), first found wins:
// --access-key/--secret-key, then MQ_ACCESS_KEY/MQ_SECRET_KEY, then $ROCKETMQ_HOME/conf/tools.yml
// (accessKey:, secretKey:), the file RocketMQ's mqadmin signs with. None: requests go unsigned.
// The secret is never printed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Credentials } from "../remoting/index.ts";
import type { Options } from "./command.ts";
import { FlagError } from "./tool-flags.ts";

type Env = Readonly<Record<string, string | undefined>>;

export const CREDENTIAL_FLAGS = [
  { flags: "--access-key <key>", description: "ACL access key; requests are signed (default: MQ_ACCESS_KEY, else $ROCKETMQ_HOME/conf/tools.yml)" },
  { flags: "--secret-key <key>", description: "ACL secret key (default: MQ_SECRET_KEY, else $ROCKETMQ_HOME/conf/tools.yml)" },
];

export function credentialsOf(o: Options, env: Env = process.env): Credentials | undefined {
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() : v === true ? "" : undefined);
  const flagKey = text(o.accessKey);
  const flagSecret = text(o.secretKey);
  if (flagKey !== undefined || flagSecret !== undefined) return pair(flagKey, flagSecret, "--access-key and --secret-key");
  if (env.MQ_ACCESS_KEY || env.MQ_SECRET_KEY) return pair(env.MQ_ACCESS_KEY, env.MQ_SECRET_KEY, "MQ_ACCESS_KEY and MQ_SECRET_KEY");
  const home = env.ROCKETMQ_HOME;
  if (!home) return undefined;
  const file = join(home, "conf", "tools.yml");
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new FlagError(`${file} is not valid YAML (${(e as Error).message}); write accessKey: and secretKey: lines`);
  }
  const fields = (doc ?? {}) as Record<string, unknown>;
  const key = text(fields.accessKey);
  const secret = text(fields.secretKey);
  // mqadmin signs nothing when either is blank.
  return key && secret ? { accessKey: key, secretKey: secret } : undefined;
}

function pair(key: string | undefined, secret: string | undefined, names: string): Credentials {
  if (!key || !secret) throw new FlagError(`${names} go together: give both, or neither to send unsigned requests`);
  return { accessKey: key, secretKey: secret };
}
