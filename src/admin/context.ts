// How admin operations talk to the cluster: one RemotingClient, the name servers to ask, and a
// timeout per request. Failures become AdminError with the response code and remark, so the CLI
// and the console can show the server's own words.
import { parseNamesrvAddrs, ResponseCode, type ExtFieldsInit } from "../common/index.ts";
import { request, type Credentials, type RemotingClient, type RemotingCommand } from "../remoting/index.ts";

export interface AdminContext {
  client: RemotingClient;
  /** Name server addresses, "host:port" (parseNamesrvAddrs: a host alone means port 9876). */
  namesrvAddrs: string[];
  timeoutMs: number;
  /** What the client signs with (ACL); the short-lived producers of message-send.ts sign with it too. */
  credentials?: Credentials;
}

export const ADMIN_TIMEOUT_MS_DEFAULT = 5000;

export function adminContext(
  client: RemotingClient, namesrvAddr: string, timeoutMs = ADMIN_TIMEOUT_MS_DEFAULT, credentials?: Credentials,
): AdminContext {
  return { client, namesrvAddrs: parseNamesrvAddrs(namesrvAddr), timeoutMs, ...(credentials ? { credentials } : {}) };
}

export class AdminError extends Error {
  override name = "AdminError";
  constructor(
    readonly code: number,
    readonly remark: string,
    readonly addr: string,
  ) {
    // A server's answer reads as mqadmin prints it; a failure found here (addr "") is its remark.
    super(addr === "" ? remark : `${addr}: CODE: ${code} DESC: ${remark}`);
  }
}

/** Sends one request; resolves to the response when it is SUCCESS, else throws AdminError. */
export async function invokeOk(
  ctx: AdminContext, addr: string, code: number, ext?: ExtFieldsInit, body?: Uint8Array,
): Promise<RemotingCommand> {
  const res = await ctx.client.invoke(addr, request(code, ext, body), ctx.timeoutMs);
  if (res.code !== ResponseCode.SUCCESS) throw new AdminError(res.code, res.remark ?? "", addr);
  return res;
}

/**
 * Asks the name servers in order until one answers. An AdminError (the server answered, but
 * not SUCCESS) is final; a transport failure moves on to the next name server.
 */
export async function invokeNamesrv(ctx: AdminContext, code: number, ext?: ExtFieldsInit): Promise<RemotingCommand> {
  if (ctx.namesrvAddrs.length === 0) throw new AdminError(ResponseCode.SYSTEM_ERROR, "no name server address (-n or NAMESRV_ADDR)", "");
  let lastError: unknown;
  for (const addr of ctx.namesrvAddrs) {
    try {
      return await invokeOk(ctx, addr, code, ext);
    } catch (e) {
      if (e instanceof AdminError) throw e;
      lastError = e;
    }
  }
  throw lastError;
}

/** Sends the same request to every name server; all must succeed. */
export async function invokeAllNamesrvs(ctx: AdminContext, code: number, ext?: ExtFieldsInit): Promise<void> {
  await Promise.all(ctx.namesrvAddrs.map((addr) => invokeOk(ctx, addr, code, ext)));
}
