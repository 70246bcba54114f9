// Failures of a remote call as the caller sees them. The remote's own error answers arrive as
// ordinary responses with a non-zero code; these are the calls that got no answer at all.
export type RemotingErrorKind = "timeout" | "connect" | "closed" | "too-many-pending";

export class RemotingError extends Error {
  override name = "RemotingError";
  constructor(
    readonly kind: RemotingErrorKind,
    message: string,
  ) {
    super(message);
  }
}
