// Name-server-wide changes, sent to every name server given (-n), as mqadmin's updateKvConfig,
// deleteKvConfig (100, 102), wipeWritePerm and addWritePerm (205, 327) send them.
import { decodeWritePermResult, encodeKvKeyHeader, encodePutKvConfigHeader, encodeWritePermHeader, RequestCode } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";

export async function updateKvConfig(ctx: AdminContext, namespace: string, key: string, value: string): Promise<string[]> {
  for (const addr of ctx.namesrvAddrs) await invokeOk(ctx, addr, RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader({ namespace, key, value }));
  return ctx.namesrvAddrs;
}

export async function deleteKvConfig(ctx: AdminContext, namespace: string, key: string): Promise<string[]> {
  for (const addr of ctx.namesrvAddrs) await invokeOk(ctx, addr, RequestCode.DELETE_KV_CONFIG, encodeKvKeyHeader({ namespace, key }));
  return ctx.namesrvAddrs;
}

/** One name server's answer to a write-perm change: how many of the broker's topics it changed. */
export interface WritePermResult {
  namesrvAddr: string;
  topicCount: number;
}

/** wipe (205) or add (327) the write permission of brokerName's topics in every name server. */
export async function setWritePerm(ctx: AdminContext, brokerName: string, writable: boolean): Promise<WritePermResult[]> {
  const code = writable ? RequestCode.ADD_WRITE_PERM_OF_BROKER : RequestCode.WIPE_WRITE_PERM_OF_BROKER;
  const out: WritePermResult[] = [];
  for (const namesrvAddr of ctx.namesrvAddrs) {
    const res = await invokeOk(ctx, namesrvAddr, code, encodeWritePermHeader(brokerName));
    out.push({ namesrvAddr, topicCount: decodeWritePermResult(writable, res.extFields) });
  }
  return out;
}
