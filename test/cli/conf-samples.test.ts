// The 2-master 2-slave samples in conf/: each loads without a notice, and the four brokers of a
// sample can run on one machine (distinct ports, VIP and HA ports included, and store directories).
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureBinary, mq, ROOT } from "./binary.ts";

for (const sample of ["2m-2s-async", "2m-2s-sync"]) {
  test(`conf/${sample}: four brokers that load cleanly and fit on one machine`, () => {
    ensureBinary();
    const files = readdirSync(join(ROOT, "conf", sample)).sort();
    expect(files).toEqual(["broker-a-s.properties", "broker-a.properties", "broker-b-s.properties", "broker-b.properties"]);
    const ports: number[] = [];
    const stores = new Set<string>();
    const roles: string[] = [];
    for (const file of files) {
      const run = mq(["config", "check", "-c", `conf/${sample}/${file}`, "--role", "broker", "-p"]);
      expect(run.code, run.stderr).toBe(0);
      const value = (key: string) => new RegExp(`^${key}=(\\S*)`, "m").exec(run.stdout)?.[1] ?? "";
      const port = Number(value("listenPort"));
      ports.push(port - 2, port, Number(value("haListenPort")));
      stores.add(value("storePathRootDir"));
      roles.push(`${value("brokerName")}/${value("brokerId")}/${value("brokerRole")}`);
    }
    expect(new Set(ports).size).toBe(ports.length);
    expect(stores.size).toBe(4);
    const master = sample.endsWith("-sync") ? "SYNC_MASTER" : "ASYNC_MASTER";
    expect(roles).toEqual([`broker-a/1/SLAVE`, `broker-a/0/${master}`, `broker-b/1/SLAVE`, `broker-b/0/${master}`]);
  });
}
