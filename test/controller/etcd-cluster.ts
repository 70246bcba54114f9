// A 3-member etcd (Debian's etcd-server, /usr/bin/etcd) on loopback free ports, each member with
// its own data directory, for the controllerType=etcd tests; killed and removed by stop().
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, spawnProc, tempDir, type Proc } from "../e2e/harness.ts";

export const ETCD = "/usr/bin/etcd";
export const etcdMissing = existsSync(ETCD) ? undefined : `${ETCD} is missing: apt-get install -y etcd-server`;

export interface EtcdCluster {
  /** controllerEtcdEndpoints: the members' client URLs, ';'-separated. */
  endpoints: string;
  members: Proc[];
  stop(): Promise<void>;
}

export async function startEtcd(members = 3): Promise<EtcdCluster> {
  const dir = tempDir("mq-etcd-");
  const ports: { client: number; peer: number }[] = [];
  for (let i = 0; i < members; i++) ports.push({ client: await freePort(), peer: await freePort() });
  const initial = ports.map((p, i) => `n${i}=http://127.0.0.1:${p.peer}`).join(",");
  const procs = ports.map((p, i) => spawnProc(`etcd-${i}`, [
    ETCD, "--name", `n${i}`, "--data-dir", join(dir, `n${i}`),
    "--listen-client-urls", `http://127.0.0.1:${p.client}`, "--advertise-client-urls", `http://127.0.0.1:${p.client}`,
    "--listen-peer-urls", `http://127.0.0.1:${p.peer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${p.peer}`,
    "--initial-cluster", initial, "--initial-cluster-state", "new", "--initial-cluster-token", `mq-${ports[0]?.client}`,
    "--heartbeat-interval", "50", "--election-timeout", "500",
  ]));
  await Promise.all(procs.map((p) => p.waitFor(/ready to serve client requests/, 20_000)));
  return {
    endpoints: ports.map((p) => `http://127.0.0.1:${p.client}`).join(";"),
    members: procs,
    async stop() {
      await Promise.all(procs.map((p) => p.kill("SIGKILL")));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
