// The console's one place where failures become HTTP: bad input is 400 with what to send, a
// broker or name server that refused is 502 with its own words (403 when its ACL refused a
// logged-in account), anything else 500.
import type { Context } from "hono";
import { AdminError } from "../../admin/index.ts";
import { aclRefusal } from "../session/cluster-acl.ts";

export class BadRequest extends Error {
  override name = "BadRequest";
}

export function errorResponse(err: Error, c: Context): Response {
  if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
  if (err instanceof AdminError) return c.json({ error: err.message, code: err.code }, 502);
  return c.json({ error: err.message || String(err) }, 500);
}

/** errorResponse for a session's app: an ACL refusal says whose and what to do. */
export const sessionErrorResponse = (user: string) => (err: Error, c: Context): Response => {
  if (err instanceof AdminError && aclRefusal(err) !== undefined) {
    return c.json({
      error: `the cluster's ACL refused this for ${user}: ${err.message.replace(/\.+$/, "")}. ${user} may read what it is allowed to; ` +
        "to change the cluster, log out and log in with an admin account (plain_acl.yml admin: true, or an ACL 2.0 Super user)",
      code: err.code,
    }, 403);
  }
  return errorResponse(err, c);
};
