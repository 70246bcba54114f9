// What handlers see: the connection a request came in on, and the handler signature itself.
import type { RemotingCommand } from "./command.ts";

/** One TCP connection, seen from either end. */
export interface Connection {
  readonly id: number;
  /** "ip:port"; IPv4-mapped IPv6 addresses are shown as plain IPv4. */
  readonly remoteAddress: string;
  /** Sends a request over this connection (with a fresh opaque) and awaits its response. */
  invoke(cmd: RemotingCommand, timeoutMs: number): Promise<RemotingCommand>;
  /** Sends a request with the oneway flag; no response is expected. */
  invokeOneway(cmd: RemotingCommand): void;
  /** Closes the socket; pending invokes are rejected with kind "closed". */
  close(): void;
  readonly closed: boolean;
  /** Bytes queued for writing that the socket has not taken yet. */
  readonly queuedBytes: number;
}

/**
 * Answers one request. Returns the reply (built with reply()), or undefined for none. A thrown
 * BrokerError becomes a reply with its code and remark; any other throw becomes SYSTEM_ERROR.
 * For a oneway request nothing is written whatever the handler returns.
 */
export type Handler = (
  req: RemotingCommand,
  conn: Connection,
) => RemotingCommand | undefined | Promise<RemotingCommand | undefined>;
