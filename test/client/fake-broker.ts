// An in-process stand-in for a NameServer and broker on one port, answering the few requests a
// test needs; every request is recorded.
import { encodeTopicRouteData, RequestCode, ResponseCode, silentLogger, type TopicRouteData } from "../../src/common/index.ts";
import { RemotingServer, reply, type Handler, type RemotingCommand } from "../../src/remoting/index.ts";

export interface FakeBroker {
  addr: string;
  requests: RemotingCommand[];
  routes: Map<string, TopicRouteData>;
  handle(code: number, handler: Handler): void;
  stop(): Promise<void>;
}

export function routeTo(brokers: Record<string, string>, queues = 2): TopicRouteData {
  return {
    queueDatas: Object.keys(brokers).map((brokerName) => ({ brokerName, readQueueNums: queues, writeQueueNums: queues, perm: 6, topicSysFlag: 0 })),
    brokerDatas: Object.entries(brokers).map(([brokerName, addr]) => ({ cluster: "c", brokerName, brokerAddrs: { "0": addr } })),
    filterServerTable: {},
  };
}

export async function startFakeBroker(): Promise<FakeBroker> {
  const server = new RemotingServer({ host: "127.0.0.1", port: 0, log: silentLogger });
  const requests: RemotingCommand[] = [];
  const routes = new Map<string, TopicRouteData>();
  const overrides = new Map<number, Handler>();
  const codes = Object.values(RequestCode);
  for (const code of codes) {
    server.register(code, (req, conn) => {
      requests.push(req);
      const override = overrides.get(code);
      if (override) return override(req, conn);
      if (code === RequestCode.GET_ROUTEINFO_BY_TOPIC) {
        const route = routes.get(req.extFields.topic ?? "");
        return route ? reply(ResponseCode.SUCCESS, { body: encodeTopicRouteData(route, { standardJson: true }) }) : reply(ResponseCode.TOPIC_NOT_EXIST);
      }
      return reply(ResponseCode.SUCCESS);
    });
  }
  const port = await server.start();
  return {
    addr: `127.0.0.1:${port}`,
    requests,
    routes,
    handle: (code, handler) => overrides.set(code, handler),
    stop: () => server.stop(),
  };
}
