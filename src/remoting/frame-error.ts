// Thrown by the decoder on malformed input. The connection that sent it is closed; nothing else is.
import type { RemotingCommand } from "./command.ts";

export class FrameError extends Error {
  override name = "FrameError";
  /** Commands decoded from the same chunk before the malformed frame; they are still served. */
  decoded: RemotingCommand[] = [];
}

/** The most header bytes and extFields one frame may carry. A RocketMQ client's largest header is
 *  about 200 KiB (32 KiB of properties with every separator escaped as \u0001) with a few dozen
 *  fields; a header of hundreds of thousands of fields would hold the event loop for seconds. */
export const HEADER_BYTES_MAX = 512 * 1024;
export const EXT_FIELDS_MAX = 1024;

export const tooManyExtFields = (): FrameError =>
  new FrameError(`header has more than ${EXT_FIELDS_MAX} extFields (a RocketMQ request has a few dozen)`);
