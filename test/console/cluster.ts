// An in-process cluster for the console's tests: a NameServer and a Broker on port 0, an admin
// context over one RemotingClient, and the console app built on it (no socket for HTTP).
import { join } from "node:path";
import { silentLogger } from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { Broker } from "../../src/broker/index.ts";
import { RemotingClient } from "../../src/remoting/index.ts";
import { adminContext, type AdminContext } from "../../src/admin/index.ts";
import { consoleApp } from "../../src/console/index.ts";
import { tempDir, testBrokerInit } from "../broker/send-harness.ts";

export interface ConsoleCluster {
  namesrvAddr: string;
  broker: Broker;
  admin: AdminContext;
  app: ReturnType<typeof consoleApp>;
  stop(): Promise<void>;
}

export async function startConsoleCluster(): Promise<ConsoleCluster> {
  const dir = tempDir("mq-console-");
  const namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir.path, "kv.json"), orderMessageEnable: true,
    scanNotActiveBrokerInterval: 5000, brokerChannelExpiredTime: 120000, log: silentLogger,
  });
  const namesrvAddr = `127.0.0.1:${await namesrv.start()}`;
  const broker = new Broker(testBrokerInit(join(dir.path, "store"), { namesrvAddr }));
  await broker.start();
  const client = new RemotingClient({ log: silentLogger });
  const admin = adminContext(client, namesrvAddr);
  const app = consoleApp({ admin, metricsText: () => broker.metrics.expose(), readiness: () => broker.readiness() });
  return {
    namesrvAddr, broker, admin, app,
    async stop() {
      client.close();
      await broker.stop();
      await namesrv.stop();
      dir.remove();
    },
  };
}
