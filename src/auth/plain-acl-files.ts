// RocketMQ 4.9's ACL files (PlainPermissionManager): besides plain_acl.yml, every *.yml and *.yaml
// file under $ROCKETMQ_HOME/conf/acl (subdirectories too), all in force at once:
//   globalWhiteRemoteAddresses  the union of every file's
//   accounts                    an accessKey belongs to the first file that defines it (in the order
//                               below); the same key in a later file is ignored, with a warning
// The order: the directory's files by path, then plain_acl.yml (unless it lies in the directory).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger } from "../common/index.ts";
import type { PlainAccount, PlainAclRules } from "./plain-acl-rules.ts";

/** Every ACL file under dir (none when it does not exist), by path. */
export function aclFilesUnder(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...aclFilesUnder(path));
    else if (name.endsWith(".yml") || name.endsWith(".yaml")) out.push(resolve(path));
  }
  return out;
}

/** The files in force, in merge order: the directory's, then the main file when it exists. */
export function aclFileList(mainFile: string, dir: string | undefined): string[] {
  const main = resolve(mainFile);
  const files = dir === undefined ? [] : aclFilesUnder(dir).filter((f) => f !== main);
  return existsSync(main) ? [...files, main] : files;
}

/** The rules of every file as one set; `owners` says which file holds each accessKey. */
export function mergeAclRules(perFile: ReadonlyArray<readonly [string, PlainAclRules]>, log: Logger): { rules: PlainAclRules; owners: Map<string, string> } {
  const accounts = new Map<string, PlainAccount>();
  const owners = new Map<string, string>();
  const globalWhiteRemoteAddresses = perFile.flatMap(([, r]) => r.globalWhiteRemoteAddresses);
  for (const [file, rules] of perFile) {
    for (const [key, account] of rules.accounts) {
      const owner = owners.get(key);
      if (owner !== undefined) {
        log.warn("ACL accessKey defined in more than one ACL file: the first file's account is in force", { accessKey: key, used: owner, ignored: file });
        continue;
      }
      accounts.set(key, account);
      owners.set(key, file);
    }
  }
  return { rules: { globalWhiteRemoteAddresses, accounts }, owners };
}
