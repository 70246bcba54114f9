// Store directories compared file by file (a master's and its slave's consume queues, commitlogs).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under dir: relative path → content hash (none when dir does not exist). */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = Bun.hash(readFileSync(path)).toString(16);
    }
  };
  walk(dir);
  return out;
}
