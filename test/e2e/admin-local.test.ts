// The README's cluster walkthrough: a broker that advertises this machine's LAN address takes
// `mq admin` changes from the same machine (its request arrives from that address, not loopback).
import { afterEach, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import { admin, killAll, startCluster, type Cluster } from "./harness.ts";

/** A non-loopback IPv4 address of this machine: traffic to it stays on this machine. */
const lanAddress = Object.values(networkInterfaces()).flatMap((l) => l ?? [])
  .find((a) => a.family === "IPv4" && !a.internal)?.address;

let cluster: Cluster | undefined;

afterEach(async () => {
  await killAll();
  await cluster?.stop();
  cluster = undefined;
});

test.skipIf(lanAddress === undefined)(
  "a broker advertising this machine's LAN address accepts updateTopic from mq admin on the same machine",
  async () => {
    cluster = await startCluster({ brokerIP1: lanAddress as string });
    const created = await admin(cluster.namesrvAddr, ["updateTopic", "-t", "LanTopic", "-c", "DefaultCluster"]);
    expect(created.out).not.toContain("refused");
    expect(created.code).toBe(0);
    expect(created.out).toContain(`${lanAddress}:${cluster.brokerPort}`);
  },
  60_000,
);
