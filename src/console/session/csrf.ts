// The CSRF token of a session: a change (POST, PUT, PATCH, DELETE) must send it in x-csrf-token.
// The pages read it from <meta name="csrf-token">; a page on another site cannot (it cannot read
// the console's pages), so besides the same-origin check of guard.ts it cannot make a change in
// the user's name even where a browser sends the cookie along.
import { timingSafeEqual } from "node:crypto";

export const CSRF_HEADER = "x-csrf-token";

/** Why the change is refused, or undefined when the token is the session's. */
export function csrfRefusal(given: string | undefined, expected: string): string | undefined {
  if (given === undefined || given === "") return `a change needs the session's CSRF token in ${CSRF_HEADER} (the console's pages send it; API clients take it from POST /api/login's answer)`;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  const same = a.length === b.length ? timingSafeEqual(a, b) : timingSafeEqual(b, b) && false;
  return same ? undefined : `the CSRF token in ${CSRF_HEADER} is not this session's: reload the page (or log in again)`;
}
