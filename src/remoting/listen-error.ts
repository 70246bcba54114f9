// A port the server could not bind: which host and port, and the system's reason (errno code:
// EADDRINUSE, EACCES, EADDRNOTAVAIL …). The roles turn it into a message naming the key to change.

export class ListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    /** The errno code, when the runtime gave one. */
    readonly code: string | undefined,
  ) {
    super(`cannot listen at ${host}:${port}${code === undefined ? "" : ` (${code})`}`);
    this.name = "ListenError";
  }
}

/** Bun.listen's failure as a ListenError (Bun says only "Failed to listen at <host>"). */
export function listenErrorOf(err: unknown, host: string, port: number): ListenError {
  const code = (err as { code?: unknown } | null)?.code;
  return new ListenError(host, port, typeof code === "string" ? code : undefined);
}
