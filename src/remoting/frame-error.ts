// Thrown by the decoder on malformed input. The connection that sent it is closed; nothing else is.
import type { RemotingCommand } from "./command.ts";

export class FrameError extends Error {
  override name = "FrameError";
  /** Commands decoded from the same chunk before the malformed frame; they are still served. */
  decoded: RemotingCommand[] = [];
}
