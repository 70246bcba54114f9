// The console's one place where failures become HTTP: bad input is 400 with what to send, a
// broker or name server that refused is 502 with its own words, anything else 500.
import type { Context } from "hono";
import { AdminError } from "../../admin/index.ts";

export class BadRequest extends Error {
  override name = "BadRequest";
}

export function errorResponse(err: Error, c: Context): Response {
  if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
  if (err instanceof AdminError) return c.json({ error: err.message, code: err.code }, 502);
  return c.json({ error: err.message || String(err) }, 500);
}
