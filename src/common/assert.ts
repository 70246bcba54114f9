// Programmer errors and broken invariants: crash loudly instead of carrying on.
// Expected outcomes are returned as discriminated unions; client-visible errors carry a
// ResponseCode. This is for the third kind only.

export class AssertionError extends Error {
  override name = "AssertionError";
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}
