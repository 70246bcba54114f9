// What this machine's /proc says about a process: its command line, the TCP ports it listens on
// and the broker store it has open. Read from the kernel, not from configuration: a process's
// effective config (defaults < file < environment < flags, relative paths against its cwd) cannot
// be re-derived reliably from outside, but the sockets and files it holds are facts.
// - ports: the LISTEN entries of /proc/<pid>/net/tcp and tcp6 (the process's network namespace)
//   whose socket inode is one of the process's open file descriptors (/proc/<pid>/fd);
// - store: the directory of the store's meta.db, which a broker holds open while it runs.
// Reading another user's /proc/<pid>/fd needs privilege: then ports and store are undefined.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename, dirname } from "node:path";

const TCP_LISTEN = "0A";
/** The file a running broker keeps open in storePathRootDir (bun:sqlite, WAL). */
const STORE_HELD_FILE = "meta.db";

export interface LocalProcess {
  pid: number;
  /** The role command it was started with: namesrv, broker, all-in-one. */
  role: string;
  /** Listening TCP ports, ascending; undefined when its descriptors cannot be read. */
  ports: number[] | undefined;
  /** storePathRootDir of the store it has open; undefined for none (or unreadable). */
  store: string | undefined;
}

export function commandLine(pid: number): string[] | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (argv.at(-1) === "") argv.pop(); // each argument ends in NUL
    return argv;
  } catch {
    return undefined; // gone, or not ours to read
  }
}

function pids(): number[] {
  return readdirSync("/proc").map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Targets of /proc/<pid>/fd/*, or undefined when the directory cannot be read. */
function openFiles(pid: number): string[] | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  const targets: string[] = [];
  for (const fd of fds) {
    try {
      targets.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return targets;
}

/** Socket inode → port of every LISTEN entry in a /proc/.../net/tcp{,6} table. */
function listenTable(netDir: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const file of ["tcp", "tcp6"]) {
    let text: string;
    try {
      text = readFileSync(`${netDir}/${file}`, "utf8");
    } catch {
      continue; // no IPv6 in this kernel
    }
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      const local = f[1];
      const inode = f[9];
      if (f[3] !== TCP_LISTEN || local === undefined || inode === undefined) continue;
      table.set(inode, parseInt(local.slice(local.lastIndexOf(":") + 1), 16));
    }
  }
  return table;
}

const socketInode = (target: string): string | undefined => /^socket:\[(\d+)\]$/.exec(target)?.[1];

export function listeningPorts(pid: number): number[] | undefined {
  const files = openFiles(pid);
  if (files === undefined) return undefined;
  const table = listenTable(`/proc/${pid}/net`);
  const ports = new Set<number>();
  for (const inode of files.map(socketInode)) {
    const port = inode === undefined ? undefined : table.get(inode);
    if (port !== undefined) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

export function storeDir(pid: number): string | undefined {
  const held = openFiles(pid)?.find((f) => basename(f) === STORE_HELD_FILE);
  return held === undefined ? undefined : dirname(held);
}

/** The processes started as `<exeName> <role> ...`, other than this one. */
export function roleProcesses(role: string, exeName: string): LocalProcess[] {
  const found: LocalProcess[] = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    const argv = commandLine(pid);
    if (argv === undefined || basename(argv[0] ?? "") !== exeName) continue;
    if (argv.slice(1).find((a) => !a.startsWith("-")) !== role) continue;
    found.push({ pid, role, ports: listeningPorts(pid), store: storeDir(pid) });
  }
  return found;
}

/** The pids with a socket listening on port in this network namespace (empty when none can be
 *  told: the holder may belong to another user). */
export function listenersOf(port: number): number[] {
  const inodes = new Set([...listenTable("/proc/self/net")].filter(([, p]) => p === port).map(([inode]) => inode));
  if (inodes.size === 0) return [];
  return pids().filter((pid) => openFiles(pid)?.some((f) => inodes.has(socketInode(f) ?? "")) ?? false);
}
