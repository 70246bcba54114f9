// The session cookie: "v1.<session id>.<expiry ms>.<signature>", the signature HMAC-SHA256 over
// "v1.<session id>.<expiry ms>" with a key made at start (never written anywhere). The cookie
// carries no credentials: they stay in the console's memory, found by the session id. A cookie
// whose signature does not match, or whose expiry has passed, names no session.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "mq_session";
const VERSION = "v1";
const KEY_BYTES = 32;

export type CookieKey = Uint8Array & { readonly __cookieKey: unique symbol };

export const newCookieKey = (): CookieKey => new Uint8Array(randomBytes(KEY_BYTES)) as CookieKey;

/** A random id or token, 32 hex digits (128 bits). */
export const randomId = (): string => randomBytes(16).toString("hex");

const mac = (key: CookieKey, payload: string): string => createHmac("sha256", key).update(payload).digest("base64url");

export function sealCookie(key: CookieKey, sessionId: string, expiresAtMs: number): string {
  const payload = `${VERSION}.${sessionId}.${expiresAtMs}`;
  return `${payload}.${mac(key, payload)}`;
}

export type OpenedCookie = { ok: true; sessionId: string; expiresAtMs: number } | { ok: false; why: string };

/** The session id a cookie value names, once its signature and expiry are checked. */
export function openCookie(key: CookieKey, value: string, nowMs: number): OpenedCookie {
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, why: "not a session cookie of this console" };
  const [version, sessionId, expiry, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(mac(key, `${version}.${sessionId}.${expiry}`));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a wrong length compares expected with itself.
  const signed = given.length === expected.length ? timingSafeEqual(given, expected) : timingSafeEqual(expected, expected) && false;
  if (!signed) return { ok: false, why: "the session cookie's signature does not match (it was changed, or the console restarted)" };
  const expiresAtMs = Number(expiry);
  if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs <= nowMs) return { ok: false, why: "the session has expired" };
  return { ok: true, sessionId, expiresAtMs };
}

/** The Set-Cookie header: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export function sessionCookieHeader(value: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeS))}`;
}

/** The value of the session cookie in a Cookie header, if any. */
export function sessionCookieOf(cookieHeader: string | null): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
