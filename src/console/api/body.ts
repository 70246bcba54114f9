// Request bodies validated once with zod at the edge; a failure is a BadRequest naming the field.
import type { Context } from "hono";
import type { z } from "zod";
import { BadRequest } from "./errors.ts";

export async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new BadRequest("the body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRequest(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** A required query parameter, or a BadRequest naming it. */
export function needQuery(c: Context, name: string): string {
  const value = c.req.query(name)?.trim();
  if (!value) throw new BadRequest(`the query parameter ${name} is required`);
  return value;
}
