// What a client call that did not succeed reports. A remote's error answer becomes a ClientError
// with the response code and remark; no answer at all stays the transport's RemotingError.
import { ResponseCode } from "../common/index.ts";
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

/**
 * A send to a topic the NameServers know no route for, with no TBW102 route to auto-create it
 * from (every broker has autoCreateTopicEnable=false): Java's "No route info of this topic: X".
 * The code is what the NameServer answered for the topic, TOPIC_NOT_EXIST.
 */
export class TopicRouteNotFoundError extends ClientError {
  override name = "TopicRouteNotFoundError";
  constructor(readonly topic: string) {
    super(ResponseCode.TOPIC_NOT_EXIST, `No route info of this topic: ${topic}`);
  }
}

/** True for failures of the connection itself (no answer): the broker may be gone. */
export const isTransportError = (err: unknown): err is RemotingError => err instanceof RemotingError;
