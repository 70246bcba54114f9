// A slave started empty against a master holding `mib` MiB (bench-replication.ts catchup): how
// fast it copies (MiB/s), what the master sends meanwhile (msgs/s, under `mq bench produce` all
// along), and whether the slave then holds the same consume queues and message index.
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { decodeKVTable, RequestCode, silentLogger } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { filesOf } from "../../test/e2e/file-hashes.ts";
import { benchProduce, startHaCluster } from "./ha-cluster.ts";

const MIB = 1024 * 1024;
/** Within this of the master's end, the slave counts as caught up (one transfer batch, under load). 1 KiB bodies with a key make ~1280-byte records. */
const CAUGHT_UP_BYTES = 1 * MIB;

export async function runCatchUp(mib: number, loadSeconds: number): Promise<void> {
  const cluster = await startHaCluster("ASYNC_MASTER");
  const client = new RemotingClient({ log: silentLogger });
  const runtime = async (addr: string) => decodeKVTable((await client.invoke(addr, request(RequestCode.GET_BROKER_RUNTIME_INFO, {}), 5000)).body);
  try {
    const fill = await benchProduce(cluster.namesrvAddr, "CatchUp", ["-s", "1024", "-k", "true", "-q", String(Math.ceil((mib * MIB) / 1280))]);
    const held = Number((await runtime(cluster.masterAddr)).commitLogMaxOffset);
    console.log(`master holds ${(held / MIB).toFixed(1)} MiB (${fill.count} messages at ${fill.msgsPerSecond} msgs/s)`);
    const load = benchProduce(cluster.namesrvAddr, "CatchUp", ["-s", "1024", "-k", "true", "--duration", String(loadSeconds)]);
    await Bun.sleep(1000); // the load under way before the slave starts
    const before = await runtime(cluster.masterAddr);
    const startedMs = Date.now();
    const slave = await cluster.startSlave();
    let at: { ms: number; slaveOffset: number; puts: number } | undefined;
    while (at === undefined && Date.now() - startedMs < loadSeconds * 1000) {
      const kv = await runtime(cluster.masterAddr);
      const behind = Number(kv.slaveFallBehindMuch ?? Number.POSITIVE_INFINITY);
      if (behind < CAUGHT_UP_BYTES) at = { ms: Date.now() - startedMs, slaveOffset: Number(kv.commitLogMaxOffset) - behind, puts: Number(kv.msgPutTotalTodayNow) };
      else await Bun.sleep(20);
    }
    if (at === undefined) throw new Error(`the slave did not catch up within the ${loadSeconds} s of load`);
    const sendRate = (at.puts - Number(before.msgPutTotalTodayNow)) / (at.ms / 1000);
    console.log(`slave caught up: ${(at.slaveOffset / MIB).toFixed(1)} MiB in ${(at.ms / 1000).toFixed(2)} s from its start ` +
      `(${(at.slaveOffset / MIB / (at.ms / 1000)).toFixed(1)} MiB/s); the master took ${sendRate.toFixed(0)} msgs/s meanwhile`);
    const loaded = await load;
    console.log(`load: ${loaded.count} messages at ${loaded.msgsPerSecond} msgs/s over ${loadSeconds} s, ${loaded.failed} failed`);
    const end = Number((await runtime(cluster.masterAddr)).commitLogMaxOffset);
    const deadline = Date.now() + 60_000;
    while (Number((await runtime(cluster.masterAddr)).slaveFallBehindMuch ?? -1) !== 0 && Date.now() < deadline) await Bun.sleep(50);
    // Both stopped cleanly (consume queues and index flushed) before their files are compared.
    await slave.stop("SIGTERM");
    await cluster.master.stop("SIGTERM");
    compareStores(join(cluster.dir, "m"), join(cluster.dir, "s"), end);
  } finally {
    client.close();
    await cluster.stop();
  }
}

/** Prints whether the slave's consume queues and message index equal the master's. */
function compareStores(masterDir: string, slaveDir: string, end: number): void {
  const queues = [filesOf(join(masterDir, "consumequeue")), filesOf(join(slaveDir, "consumequeue"))] as const;
  const differing = Object.keys({ ...queues[0], ...queues[1] }).filter((f) => queues[0][f] !== queues[1][f]);
  console.log(`consume queues: ${Object.keys(queues[0]).length} files on the master, ` +
    (differing.length === 0 ? "all equal on the slave" : `${differing.length} differ on the slave (${differing.slice(0, 3).join(", ")})`));
  const [mine, theirs] = [indexOf(masterDir), indexOf(slaveDir)];
  console.log(`message index: ${mine.rows} rows on the master, ${theirs.rows} on the slave, ` +
    `${mine.hash === theirs.hash && mine.indexedOffset === theirs.indexedOffset ? "equal" : "DIFFERENT"} ` +
    `(indexed to ${mine.indexedOffset} / ${theirs.indexedOffset}; commitlog end ${end})`);
}

function indexOf(storeDir: string): { rows: number; hash: string; indexedOffset: number } {
  const db = new Database(join(storeDir, "index.db"), { readonly: true });
  try {
    const rows = db.query<{ b: number; k: number; t: number; p: number }, []>(
      "SELECT bucket AS b, key_hash AS k, store_timestamp AS t, physical_offset AS p FROM message_index ORDER BY p, k").all();
    let hash = 0n;
    for (const r of rows) hash = BigInt(Bun.hash(`${hash}:${r.b}:${r.k}:${r.t}:${r.p}`));
    const indexed = db.query<{ value: string }, []>("SELECT value FROM kv WHERE key = 'indexedOffset'").get();
    return { rows: rows.length, hash: hash.toString(16), indexedOffset: Number(indexed?.value ?? 0) };
  } finally {
    db.close();
  }
}
