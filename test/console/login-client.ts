// A browser-like client of the console app for the login tests: keeps the session cookie it is
// given, and sends the CSRF token of its login with changes (unless told otherwise).
import type { Hono } from "hono";

export interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

export class ConsoleUser {
  cookie = "";
  csrfToken = "";

  constructor(private readonly app: Hono) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await this.app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookie ? { cookie: `mq_session=${this.cookie}` } : {}),
        ...(this.csrfToken && method !== "GET" ? { "x-csrf-token": this.csrfToken } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { text };
    }
    return { status: res.status, json, headers: res.headers };
  }

  /** Logs in; on success keeps the cookie and the CSRF token. */
  async login(accessKey: string, secretKey: string): Promise<Answer> {
    const a = await this.call("POST", "/api/login", { accessKey, secretKey });
    const set = a.headers.get("set-cookie") ?? "";
    if (a.status === 200) {
      this.cookie = /mq_session=([^;]*)/.exec(set)?.[1] ?? "";
      this.csrfToken = String(a.json.csrfToken);
    }
    return a;
  }
}
