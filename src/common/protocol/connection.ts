// Connection bodies (remoting-protocol.md §2.6, §4.9):
//   GET_CONSUMER_CONNECTION_LIST (203) ConsumerConnection:
//     {"connectionSet":[Connection],"consumeFromWhere":..,"consumeType":..,"messageModel":..,
//      "subscriptionTable":{"topic":{SubscriptionData}}}
//   GET_PRODUCER_CONNECTION_LIST (204) ProducerConnection: {"connectionSet":[Connection]}
//   Connection: {"clientAddr":"ip:port","clientId":..,"language":"JAVA","version":409}
//   GET_ALL_PRODUCER_INFO (328) ProducerTableInfo: {"data":{"<group>":[ProducerInfo]}}
//   ProducerInfo: {"clientId":..,"remoteIP":"ip:port","language":"JAVA","version":409,"lastUpdateTimestamp":ms}
import { parseBody, utf8 } from "./fastjson.ts";
import { readSubscriptionData, type SubscriptionData } from "./heartbeat.ts";
import { asFields, fieldsOf, list, num, optStr, str, type Fields } from "./shape.ts";

export interface ClientConnection {
  clientId: string;
  clientAddr: string;
  language: string;
  version: number;
}

export interface ConsumerConnection {
  connectionSet: ClientConnection[];
  subscriptionTable: Record<string, SubscriptionData>;
  consumeType?: string;
  messageModel?: string;
  consumeFromWhere?: string;
}

export const encodeConsumerConnection = (c: ConsumerConnection): Uint8Array => utf8(JSON.stringify(c));

export function decodeConsumerConnection(bytes: Uint8Array | undefined): ConsumerConnection {
  const o = asFields(parseBody(bytes), "ConsumerConnection");
  const subscriptionTable: Record<string, SubscriptionData> = {};
  const subs = fieldsOf(o, "subscriptionTable");
  for (const topic of Object.keys(subs)) subscriptionTable[topic] = readSubscriptionData(asFields(subs[topic], topic));
  return {
    connectionSet: readConnections(o),
    subscriptionTable,
    consumeType: optStr(o, "consumeType"),
    messageModel: optStr(o, "messageModel"),
    consumeFromWhere: optStr(o, "consumeFromWhere"),
  };
}

export const encodeProducerConnection = (set: ClientConnection[]): Uint8Array =>
  utf8(JSON.stringify({ connectionSet: set }));

export const decodeProducerConnection = (bytes: Uint8Array | undefined): ClientConnection[] =>
  readConnections(asFields(parseBody(bytes), "ProducerConnection"));

function readConnections(o: Fields): ClientConnection[] {
  return list(o, "connectionSet").map((c) => {
    const f = asFields(c, "Connection");
    return { clientId: str(f, "clientId"), clientAddr: str(f, "clientAddr"), language: str(f, "language"), version: num(f, "version", 0) };
  });
}

export interface ProducerInfo {
  clientId: string;
  remoteIP: string;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export const encodeProducerTableInfo = (data: Record<string, ProducerInfo[]>): Uint8Array => utf8(JSON.stringify({ data }));

export function decodeProducerTableInfo(bytes: Uint8Array | undefined): Record<string, ProducerInfo[]> {
  const data = fieldsOf(asFields(parseBody(bytes), "ProducerTableInfo"), "data");
  const out: Record<string, ProducerInfo[]> = {};
  for (const group of Object.keys(data)) {
    out[group] = list(data, group).map((p) => {
      const f = asFields(p, "ProducerInfo");
      return { clientId: str(f, "clientId"), remoteIP: str(f, "remoteIP"), language: str(f, "language"), version: num(f, "version", 0), lastUpdateTimestamp: num(f, "lastUpdateTimestamp", 0) };
    });
  }
  return out;
}
