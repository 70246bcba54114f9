// Producer: the connections of a producer group, found through a topic it sends to (as
// rocketmq-dashboard and mqadmin producerConnection ask: GET_PRODUCER_CONNECTION_LIST).
import { Hono } from "hono";
import { producerConnection, type AdminContext } from "../../admin/index.ts";
import type { ClientConnection } from "../../common/index.ts";
import { needQuery } from "./body.ts";

export interface ProducerDetail {
  group: string;
  topic: string;
  clients: ClientConnection[];
}

export async function loadProducers(admin: AdminContext, group: string, topic: string): Promise<ProducerDetail> {
  return { group, topic, clients: await producerConnection(admin, group, topic) };
}

export function producersApi(admin: AdminContext): Hono {
  return new Hono().get("/", async (c) => c.json(await loadProducers(admin, needQuery(c, "group"), needQuery(c, "topic"))));
}
