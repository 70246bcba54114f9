// HARuntimeInfo, the GET_BROKER_HA_STATUS (907) body (RocketMQ 5.x, mqadmin haStatus):
//   {"master":true,"masterCommitLogMaxOffset":n,"inSyncSlaveNums":n,
//    "haConnectionInfo":[{"addr":"ip:port","slaveAckOffset":n,"diff":n,"inSync":true,
//                         "transferredByteInSecond":n,"transferFromWhere":n}],
//    "haClientRuntimeInfo":{"masterAddr":"ip:port","transferredByteInSecond":n,"maxOffset":n,
//                           "lastReadTimestamp":ms,"lastWriteTimestamp":ms,"masterFlushOffset":n}}
// mq adds to haClientRuntimeInfo "state" (waiting | following | refused) and "reason".
import { jsonBody, parseBody } from "./fastjson.ts";
import { asFields, bool, fieldsOf, list, num, optStr, str } from "./shape.ts";

export interface HaConnectionRuntimeInfo {
  addr: string;
  slaveAckOffset: number;
  diff: number;
  inSync: boolean;
  transferredByteInSecond: number;
  transferFromWhere: number;
}

export interface HaClientRuntimeInfo {
  masterAddr: string;
  transferredByteInSecond: number;
  maxOffset: number;
  lastReadTimestamp: number;
  lastWriteTimestamp: number;
  masterFlushOffset: number;
  state?: string;
  reason?: string;
}

export interface HaRuntimeInfo {
  master: boolean;
  masterCommitLogMaxOffset: number;
  inSyncSlaveNums: number;
  haConnectionInfo: HaConnectionRuntimeInfo[];
  haClientRuntimeInfo: HaClientRuntimeInfo;
}

export const encodeHaRuntimeInfo = (info: HaRuntimeInfo): Uint8Array => jsonBody(info);

export function decodeHaRuntimeInfo(body: Uint8Array | undefined): HaRuntimeInfo {
  const o = asFields(parseBody(body), "HARuntimeInfo");
  const c = fieldsOf(o, "haClientRuntimeInfo");
  return {
    master: bool(o, "master", false),
    masterCommitLogMaxOffset: num(o, "masterCommitLogMaxOffset", 0),
    inSyncSlaveNums: num(o, "inSyncSlaveNums", 0),
    haConnectionInfo: list(o, "haConnectionInfo").map((v, i) => {
      const f = asFields(v, `haConnectionInfo[${i}]`);
      return {
        addr: str(f, "addr"), slaveAckOffset: num(f, "slaveAckOffset", 0), diff: num(f, "diff", 0), inSync: bool(f, "inSync", false),
        transferredByteInSecond: num(f, "transferredByteInSecond", 0), transferFromWhere: num(f, "transferFromWhere", 0),
      };
    }),
    haClientRuntimeInfo: {
      masterAddr: optStr(c, "masterAddr") ?? "", transferredByteInSecond: num(c, "transferredByteInSecond", 0),
      maxOffset: num(c, "maxOffset", 0), lastReadTimestamp: num(c, "lastReadTimestamp", 0),
      lastWriteTimestamp: num(c, "lastWriteTimestamp", 0), masterFlushOffset: num(c, "masterFlushOffset", 0),
      state: optStr(c, "state"), reason: optStr(c, "reason"),
    },
  };
}
