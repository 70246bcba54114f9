// The sample files of RocketMQ's distribution/conf (4.9.8 and 5.3.3/develop) pass `mq config check`
// with the role RocketMQ starts them with. The files themselves are not copied here: each entry
// lists the keys its files set (facts read from apache/rocketmq), and the test writes a file of
// those keys with values of the kind the samples use, then runs the compiled binary on it.
// Not .properties, so not for `mq config check`: rmq-proxy.json (the 5.x proxy's JSON), tools.yml
// and 4.9.8's plain_acl.yml (YAML ACL credentials), 4.9.8's logback_*.xml (logging).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rocketmqKey, schemaOf, type Role } from "../../src/common/config/index.ts";
import { ensureBinary, mq } from "../cli/binary.ts";

interface SampleFiles {
  readonly files: string;
  readonly role: Role;
  readonly keys: readonly string[];
  /** Values that differ from VALUES for these files. */
  readonly values?: Readonly<Record<string, string>>;
  /** The files open with an XML comment (the Apache licence in <!-- … -->). */
  readonly xmlComment?: boolean;
}

const MASTER = ["brokerClusterName", "brokerName", "brokerId", "deleteWhen", "fileReservedTime", "brokerRole", "flushDiskType"];
const DLEDGER = ["enableDLegerCommitLog", "dLegerGroup", "dLegerPeers", "dLegerSelfId", "sendMessageThreadPoolNums"];
const CONTROLLER = ["controllerDLegerGroup", "controllerDLegerPeers", "controllerDLegerSelfId"];

const SAMPLES: readonly SampleFiles[] = [
  { files: "broker.conf, 2m-2s-async/*, 2m-2s-sync/*, 2m-noslave/* (4.9.8, 5.x)", role: "broker", keys: MASTER },
  { files: "2m-2s-async/broker-a-s.properties … (slaves, 4.9.8, 5.x)", role: "broker", keys: MASTER,
    values: { brokerId: "1", brokerRole: "SLAVE" } },
  {
    files: "dledger/broker-n0.conf … (4.9.8, 5.x)", role: "broker",
    keys: ["brokerClusterName", "brokerName", "listenPort", "namesrvAddr", "storePathRootDir", "storePathCommitLog", ...DLEDGER],
  },
  {
    files: "container/2container-2m-2s/broker-a-in-container1.conf … (5.x)", role: "broker",
    keys: ["brokerClusterName", "brokerName", "brokerId", "brokerRole", "flushDiskType", "storePathRootDir", "storePathCommitLog",
      "listenPort", "haListenPort", "totalReplicas", "inSyncReplicas", "minInSyncReplicas", "enableAutoInSyncReplicas",
      "slaveReadEnable", "brokerHeartbeatInterval", "brokerNotActiveTimeoutMillis", "sendHeartbeatTimeoutMillis",
      "enableSlaveActingMaster"],
  },
  {
    files: "container/2container-2m-2s/broker-container1.conf … (5.x)", role: "broker",
    keys: ["listenPort", "namesrvAddr", "fetchNamesrvAddrByAddressServer", "brokerConfigPaths"],
  },
  { files: "container/2container-2m-2s/nameserver.conf (5.x)", role: "namesrv", keys: ["supportActingMaster"] },
  { files: "controller/controller-standalone.conf, cluster-3n-independent/controller-n0.conf … (5.x)", role: "controller", keys: CONTROLLER },
  {
    files: "controller/cluster-3n-namesrv-plugin/namesrv-n0.conf … (5.x)", role: "namesrv", xmlComment: true,
    keys: ["listenPort", "enableControllerInNamesrv", ...CONTROLLER],
  },
  { files: "controller/quick-start/namesrv.conf (5.x)", role: "namesrv", keys: ["enableControllerInNamesrv", ...CONTROLLER] },
  {
    files: "controller/quick-start/broker-n0.conf … (5.x)", role: "broker", values: { brokerId: "-1", brokerRole: "SLAVE" },
    keys: ["brokerClusterName", "brokerName", "brokerId", "brokerRole", "deleteWhen", "fileReservedTime", "enableControllerMode",
      "controllerAddr", "namesrvAddr", "allAckInSyncStateSet", "listenPort", "storePathRootDir", "storePathCommitLog"],
  },
];

let dir = "";
beforeAll(() => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), "mq-rocketmq-conf-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether mq reads the key in this role's file (so loading it gives no notice). */
function readBy(role: Role, key: string): boolean {
  const spec = schemaOf(role)[key];
  return spec !== undefined && spec.ignored !== true;
}

/** Values of the kind RocketMQ's samples give. */
function valueOf(key: string, role: Role): string {
  const values: Readonly<Record<string, string>> = {
    brokerClusterName: "DefaultCluster", brokerName: "broker-a", brokerId: "0", deleteWhen: "04", fileReservedTime: "48",
    brokerRole: "ASYNC_MASTER", flushDiskType: "ASYNC_FLUSH", listenPort: "30911", haListenPort: "30912",
    namesrvAddr: "127.0.0.1:9876", storePathRootDir: join(dir, "store"), storePathCommitLog: join(dir, "store", "commitlog"),
    dLegerPeers: "n0-127.0.0.1:40911;n1-127.0.0.1:40912", controllerDLegerPeers: "n0-127.0.0.1:9878", controllerAddr: "127.0.0.1:9878",
    brokerConfigPaths: `${join(dir, "a.conf")}:${join(dir, "b.conf")}`,
  };
  const kind = rocketmqKey(role, key)?.spec.type;
  return values[key] ?? (kind === "bool" ? "true" : kind === "int" || kind === "long" ? "1000" : "n0");
}

describe("RocketMQ's distribution/conf samples", () => {
  SAMPLES.forEach((sample, i) => {
    test(`${sample.files} pass mq config check --role ${sample.role}`, () => {
      const lines = sample.keys.map((key) => `${key} = ${sample.values?.[key] ?? valueOf(key, sample.role)}`);
      const header = sample.xmlComment ? "<!--\n  Licensed to …: a comment\n  in XML's syntax\n  -->\n" : "# a sample\n";
      const path = join(dir, `sample-${i}.conf`);
      writeFileSync(path, header + lines.join("\n") + "\n");
      const run = mq(["config", "check", "-c", path, "--role", sample.role]);
      expect(run.stdout).toBe(`${path}: ok for ${sample.role}\n`);
      expect(run.code).toBe(0);
      const unread = sample.keys.filter((key) => !readBy(sample.role, key));
      for (const key of unread) expect(run.stderr).toContain(`: ${key} is `);
      expect(run.stderr).not.toContain("unknown key");
    });
  });
});
