// What a client call that did not succeed reports. A remote's error answer becomes a ClientError
// with the response code and remark; no answer at all stays the transport's RemotingError.
import { RemotingError } from "../remoting/index.ts";

export class ClientError extends Error {
  override name = "ClientError";
  constructor(
    /** The response code the broker or NameServer answered with, when it answered. */
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** True for failures of the connection itself (no answer): the broker may be gone. */
export const isTransportError = (err: unknown): err is RemotingError => err instanceof RemotingError;
