// An in-process cluster for the console's tests: a NameServer and a Broker on port 0, an admin
// context over one RemotingClient, and the console app built on it (no socket for HTTP). With
// login, the console asks for one when the broker (given ACL options) has ACL on.
import { join } from "node:path";
import { silentLogger } from "../../src/common/index.ts";
import { NameServer } from "../../src/namesrv/index.ts";
import { Broker, type BrokerInit } from "../../src/broker/index.ts";
import { RemotingClient, type Credentials } from "../../src/remoting/index.ts";
import { adminContext, type AdminContext } from "../../src/admin/index.ts";
import { consoleParts, type LoginOptions } from "../../src/console/index.ts";
import { tempDir, testBrokerInit } from "../broker/send-harness.ts";

export interface ConsoleCluster {
  namesrvAddr: string;
  broker: Broker;
  admin: AdminContext;
  app: ReturnType<typeof consoleParts>["app"];
  dir: string;
  stop(): Promise<void>;
}

export interface ConsoleClusterOptions {
  broker?: (dir: string) => Partial<BrokerInit>;
  login?: Omit<LoginOptions, "newClient">;
}

export async function startConsoleCluster(o: ConsoleClusterOptions = {}): Promise<ConsoleCluster> {
  const dir = tempDir("mq-console-");
  const namesrv = new NameServer({
    listenPort: 0, listenHost: "127.0.0.1", kvConfigPath: join(dir.path, "kv.json"), orderMessageEnable: true,
    scanNotActiveBrokerInterval: 5000, brokerChannelExpiredTime: 120000, log: silentLogger,
  });
  const namesrvAddr = `127.0.0.1:${await namesrv.start()}`;
  const broker = new Broker({ ...testBrokerInit(join(dir.path, "store"), { namesrvAddr }), ...o.broker?.(dir.path) });
  await broker.start();
  const clients: RemotingClient[] = [];
  const newClient = (credentials?: Credentials) => {
    const c = new RemotingClient({ log: silentLogger, ...(credentials ? { credentials } : {}) });
    clients.push(c);
    return c;
  };
  const admin = adminContext(newClient(), namesrvAddr);
  const parts = consoleParts({
    admin, metricsText: () => broker.metrics.expose(), readiness: () => broker.readiness(),
    ...(o.login ? { login: { newClient, ...o.login } } : {}),
  });
  return {
    namesrvAddr, broker, admin, app: parts.app, dir: dir.path,
    async stop() {
      parts.close();
      for (const c of clients) c.close();
      await broker.stop();
      await namesrv.stop();
      dir.remove();
    },
  };
}
