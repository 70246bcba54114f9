// plain_acl.yml, loaded at start and reloaded when it changes (its mtime and size are polled, as
// RocketMQ's AclFileWatchService polls every 5 s). A file that no longer reads keeps the rules in
// force and logs the key and line that are wrong; the next good version replaces them.
// change() is the only writer: it edits the YAML document, checks the result reads, then replaces
// the file atomically (temp file and rename beside it) and takes the new rules. Nothing else is
// ever written. The version (RocketMQ's DataVersion) counts the rule sets taken.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../common/index.ts";
import type { AclDocument } from "./plain-acl-edit.ts";
import { AclFileError, parsePlainAcl } from "./plain-acl-file.ts";
import type { PlainAclRules } from "./plain-acl-rules.ts";

export interface AclDataVersion {
  timestamp: number;
  counter: number;
}

export const ACL_FILE_POLL_MS_DEFAULT = 5000;

export class PlainAclSource {
  private current: PlainAclRules;
  private stamp: string;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners: Array<(ok: boolean) => void> = [];
  private dataVersion: AclDataVersion = { timestamp: Date.now(), counter: 0 };

  /** Reads the file now; throws (with what to do) when it is missing or does not read. */
  constructor(readonly file: string, private readonly log: Logger, private readonly pollMs = ACL_FILE_POLL_MS_DEFAULT) {
    if (!existsSync(file)) {
      throw new Error(`aclEnable=true but the ACL file ${file} does not exist; write one (accounts with accessKey, ` +
        "secretKey, topicPerms, groupPerms, as RocketMQ's conf/plain_acl.yml) or set aclFile to its path");
    }
    this.stamp = stampOf(file);
    this.current = parsePlainAcl(readFileSync(file, "utf8"), file);
  }

  get rules(): PlainAclRules {
    return this.current;
  }

  get version(): AclDataVersion {
    return this.dataVersion;
  }

  /** Applies edit to the file's YAML document; throws AclFileError (file untouched) when the
   *  result would not read. */
  change(edit: (doc: AclDocument) => AclDocument): void {
    const raw: unknown = Bun.YAML.parse(readFileSync(this.file, "utf8")) ?? {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw new AclFileError(`${this.file}: not a map; fix it by hand first`);
    const text = Bun.YAML.stringify(edit(raw as AclDocument), null, 2);
    const rules = parsePlainAcl(text, this.file);
    const temp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, this.file);
    this.stamp = stampOf(this.file);
    this.take(rules);
    this.log.info("ACL file changed by an admin request", { file: this.file, accounts: rules.accounts.size });
  }

  private take(rules: PlainAclRules): void {
    this.current = rules;
    this.dataVersion = { timestamp: Date.now(), counter: this.dataVersion.counter + 1 };
  }

  /** Called after each reload attempt: true when the new rules are in force. */
  onReload(listener: (ok: boolean) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.log.info("ACL rules loaded", { file: this.file, accounts: this.current.accounts.size });
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reloads when the file's mtime or size changed since the last look. */
  poll(): void {
    const stamp = existsSync(this.file) ? stampOf(this.file) : "missing";
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    let ok = false;
    try {
      this.take(parsePlainAcl(readFileSync(this.file, "utf8"), this.file));
      ok = true;
      this.log.info("ACL rules reloaded", { file: this.file, accounts: this.current.accounts.size });
    } catch (e) {
      this.log.error("ACL file not reloaded, the previous rules stay in force", { error: (e as Error).message });
    }
    for (const listener of this.listeners) listener(ok);
  }
}

function stampOf(file: string): string {
  const s = statSync(file);
  return `${s.mtimeMs}:${s.size}`;
}

/** aclFile, else rocketmqHome/conf/plain_acl.yml (RocketMQ's place for it), else ./conf/plain_acl.yml. */
export function aclFilePath(o: { aclFile?: string; rocketmqHome?: string }): string {
  if (o.aclFile) return o.aclFile;
  return join(o.rocketmqHome || ".", "conf", "plain_acl.yml");
}
