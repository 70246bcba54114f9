// Controller mode on the HA protocol: a slave names its brokerId first (an identity report), and
// with allAckInSyncStateSet a send waits until every SyncStateSet slave holds it.
import { afterEach, expect, test } from "bun:test";
import { silentLogger } from "../../src/common/index.ts";
import { encodeReport, HaMaster, HaSlave, identityReport, ReportReader } from "../../src/ha/index.ts";
import { openStore, type MessageStore } from "../../src/store/index.ts";
import { message, removeDir, storeOptions, tempDir } from "../store/store-fixture.ts";
import { until } from "../remoting/fixtures.ts";

const SEGMENT_BYTES = 64 * 1024;
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function store(): Promise<MessageStore> {
  const dir = tempDir();
  const s = await openStore(storeOptions(dir, { commitLogSegmentBytes: SEGMENT_BYTES }));
  cleanups.push(() => removeDir(dir), () => s.close());
  return s;
}

async function master(s: MessageStore, slaveTimeoutMs: number): Promise<HaMaster> {
  const m = new HaMaster({
    store: s, port: 0, host: "127.0.0.1", segmentBytes: SEGMENT_BYTES, batchBytes: 32 * 1024,
    heartbeatIntervalMs: 100, housekeepingIntervalMs: 5000, maxGapBytes: 256 * 1024 * 1024, slaveTimeoutMs, log: silentLogger,
  });
  await m.start();
  cleanups.push(() => m.stop());
  return m;
}

function slave(s: MessageStore, m: HaMaster, brokerId: number): HaSlave {
  const sl = new HaSlave({ store: s, masterAddress: `127.0.0.1:${m.port}`, heartbeatIntervalMs: 100, housekeepingIntervalMs: 5000, reconnectMs: 50, brokerId, log: silentLogger });
  cleanups.push(() => sl.stop());
  return sl;
}

test("an identity report names the slave's brokerId and is no acknowledgement, even in one chunk with the first report", () => {
  const reader = new ReportReader();
  expect(reader.push(new Uint8Array([...identityReport(3), ...encodeReport(4096)]))).toBe(4096);
  expect(reader.brokerId).toBe(3);
  expect(new ReportReader().push(identityReport(0))).toBeUndefined();
});

test("with a SyncStateSet of two slaves a send is released only once both hold it, and times out while one is away", async () => {
  const ms = await store();
  const m = await master(ms, 800);
  const [s2, s3] = [await store(), await store()];
  const slave2 = slave(s2, m, 2);
  slave(s3, m, 3);
  await until(() => m.slaves().filter((s) => s.brokerId !== undefined).length === 2, 5000);
  m.setSyncStateSet([2, 3]);
  const put = await ms.put(message("T", 0, "both"));
  expect(put.status).toBe("PUT_OK");
  const end: number = "nextPhysicalOffset" in put ? put.nextPhysicalOffset : 0;
  expect(await m.awaitAllInSync(end)).toBe("PUT_OK");
  expect(Number(s2.maxPhysicalOffset())).toBe(end);
  expect(Number(s3.maxPhysicalOffset())).toBe(end);
  expect(m.replicaStates().get(3)?.ackOffset).toBe(end);
  await slave2.stop();
  const alone = await ms.put(message("T", 0, "one away"));
  const aloneEnd: number = "nextPhysicalOffset" in alone ? alone.nextPhysicalOffset : 0;
  expect(await m.awaitAllInSync(aloneEnd)).toBe("FLUSH_SLAVE_TIMEOUT");
  await until(() => s3.maxPhysicalOffset() === aloneEnd, 5000);
  expect(m.confirmOffset()).toBe(end); // what every member holds: slave 2 stopped at the first send
  m.setSyncStateSet([3]); // the controller accepted slave 2's removal
  expect(await m.awaitAllInSync(aloneEnd)).toBe("PUT_OK");
});

test("with no slave in the SyncStateSet a send is released at once", async () => {
  const m = await master(await store(), 800);
  m.setSyncStateSet([]);
  expect(m.awaitAllInSync(1_000_000)).toBe("PUT_OK");
});
