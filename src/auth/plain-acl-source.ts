// The ACL 1.0 files: plain_acl.yml and every *.yml / *.yaml under the conf/acl directory beside it
// (RocketMQ 4.9's PlainPermissionManager; plain-acl-files.ts says how they merge), loaded at start
// and reloaded when they change: each file's mtime and size are polled (RocketMQ's
// AclFileWatchService polls every 5 s), a changed file is read again alone, and a file added to or
// removed from the directory joins or leaves the rules. A file that no longer reads keeps its
// previous rules in force and logs its file:line and key; the next good version replaces them.
// change() is the only writer: it edits one file's YAML document, checks the result reads, then
// replaces that file atomically (temp file and rename beside it) and takes the new rules. Nothing
// else is ever written. Each file's version (RocketMQ's DataVersion) counts the rule sets taken.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "../common/index.ts";
import type { AclDocument } from "./plain-acl-edit.ts";
import { aclFileList, mergeAclRules } from "./plain-acl-files.ts";
import { AclFileError, parsePlainAcl } from "./plain-acl-file.ts";
import type { PlainAclRules } from "./plain-acl-rules.ts";

export interface AclDataVersion {
  timestamp: number;
  counter: number;
}

export const ACL_FILE_POLL_MS_DEFAULT = 5000;

interface FileState {
  stamp: string;
  rules: PlainAclRules;
  version: AclDataVersion;
}

const nextVersion = (v: AclDataVersion | undefined): AclDataVersion => ({ timestamp: Date.now(), counter: (v?.counter ?? -1) + 1 });

export class PlainAclSource {
  /** The main file (plain_acl.yml), resolved: where new accounts and global white lists go. */
  readonly file: string;
  private readonly states = new Map<string, FileState>();
  /** Stamps of files that did not read (not retried until they change again). */
  private readonly failed = new Map<string, string>();
  private order: string[] = [];
  private merged: PlainAclRules = { globalWhiteRemoteAddresses: [], accounts: new Map() };
  private owners = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners: Array<(ok: boolean) => void> = [];
  private readonly bootVersion: AclDataVersion = { timestamp: Date.now(), counter: 0 };

  /** Reads every file now; throws (with what to do) when there is none, or one does not read. */
  constructor(file: string, private readonly log: Logger, private readonly pollMs = ACL_FILE_POLL_MS_DEFAULT, readonly dir?: string) {
    this.file = resolve(file);
    const files = aclFileList(this.file, dir);
    if (files.length === 0) {
      throw new Error(`aclEnable=true but the ACL file ${file} does not exist${dir ? ` and ${dir} holds no *.yml file` : ""}; write one ` +
        "(accounts with accessKey, secretKey, topicPerms, groupPerms, as RocketMQ's conf/plain_acl.yml) or set aclFile to its path");
    }
    for (const f of files) this.states.set(f, { stamp: stampOf(f), rules: parsePlainAcl(readFileSync(f, "utf8"), f), version: nextVersion(undefined) });
    this.order = files;
    this.remerge();
  }

  get rules(): PlainAclRules {
    return this.merged;
  }

  /** "<plain_acl.yml> and <dir>/*.yml", for log lines. */
  get where(): string {
    return this.dir === undefined ? this.file : `${this.file} and ${this.dir}/*.yml`;
  }

  /** The main file's version (RocketMQ's deprecated single version). */
  get version(): AclDataVersion {
    return this.states.get(this.file)?.version ?? this.bootVersion;
  }

  /** Each file in force and its version (GET_BROKER_CLUSTER_ACL_INFO's allAclFileVersion). */
  versions(): Array<[string, AclDataVersion]> {
    return this.order.map((f) => [f, this.states.get(f)?.version ?? this.bootVersion]);
  }

  /** The file that defines the account (a change to it is written there), else the main file. */
  fileOf(accessKey: string): string {
    return this.owners.get(accessKey) ?? this.file;
  }

  /** Whether path is one of the ACL files in force, or the main file. */
  holds(path: string): boolean {
    const p = resolve(path);
    return p === this.file || this.states.has(p);
  }

  /** Applies edit to one file's YAML document (default: the main file, made if missing); throws
   *  AclFileError (file untouched) when the result would not read. */
  change(edit: (doc: AclDocument) => AclDocument, file = this.file): void {
    const path = resolve(file);
    const raw: unknown = existsSync(path) ? (Bun.YAML.parse(readFileSync(path, "utf8")) ?? {}) : {};
    if (typeof raw !== "object" || Array.isArray(raw)) throw new AclFileError(`${path}: not a map; fix it by hand first`);
    const text = Bun.YAML.stringify(edit(raw as AclDocument), null, 2);
    const rules = parsePlainAcl(text, path);
    const temp = join(dirname(path), `.${process.pid}-${Date.now()}.acl-tmp`);
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, path);
    this.states.set(path, { stamp: stampOf(path), rules, version: nextVersion(this.states.get(path)?.version) });
    this.order = aclFileList(this.file, this.dir).filter((f) => this.states.has(f));
    this.remerge();
    this.log.info("ACL file changed by an admin request", { file: path, accounts: rules.accounts.size });
  }

  private remerge(): void {
    const merged = mergeAclRules(this.order.map((f) => [f, (this.states.get(f) as FileState).rules] as const), this.log);
    this.merged = merged.rules;
    this.owners = merged.owners;
  }

  /** Called after each reload attempt: true when every changed file's new rules are in force. */
  onReload(listener: (ok: boolean) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.log.info("ACL rules loaded", { files: this.order.join(", "), accounts: this.merged.accounts.size });
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reloads each file whose mtime or size changed since the last look; takes in files added to
   *  the directory and drops those removed. */
  poll(): void {
    const now = aclFileList(this.file, this.dir);
    let [changed, ok] = [false, true];
    for (const f of [...this.states.keys()].filter((f) => !now.includes(f))) {
      this.states.delete(f);
      changed = true;
      this.log.info("ACL file gone, its accounts are no longer in force", { file: f });
    }
    for (const f of now) {
      const stamp = stampOf(f);
      const state = this.states.get(f);
      if (state?.stamp === stamp || this.failed.get(f) === stamp) continue;
      try {
        this.states.set(f, { stamp, rules: parsePlainAcl(readFileSync(f, "utf8"), f), version: nextVersion(state?.version) });
        this.failed.delete(f);
        changed = true;
        this.log.info(state === undefined ? "ACL file added" : "ACL rules reloaded", { file: f });
      } catch (e) {
        ok = false;
        this.failed.set(f, stamp);
        this.log.error(`ACL file not reloaded, ${state === undefined ? "it is not in force" : "the previous rules stay in force"}`,
          { error: (e as Error).message });
      }
    }
    if (changed) {
      this.order = now.filter((f) => this.states.has(f));
      this.remerge();
    }
    if (changed || !ok) for (const listener of this.listeners) listener(ok);
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

/** The directory of further ACL files: rocketmqHome/conf/acl (RocketMQ 4.9's), else acl/ beside aclFile. */
export function aclDirPath(o: { aclFile?: string; rocketmqHome?: string }): string {
  if (o.rocketmqHome) return join(o.rocketmqHome, "conf", "acl");
  return join(dirname(aclFilePath(o)), "acl");
}
