// Thrown by the decoder on malformed input. The connection that sent it is closed; nothing else is.
export class FrameError extends Error {
  override name = "FrameError";
}
