// The frame every page shares: the navigation, the stylesheet and the page script.
import type { Child } from "hono/jsx";
import type { SessionView } from "../session/gate.ts";
import { PAGE_SCRIPT } from "./script.ts";
import { STYLE } from "./style.ts";

export const NAV = [
  ["/", "Dashboard"], ["/cluster", "Cluster"], ["/topics", "Topic"], ["/consumers", "Consumer"], ["/producers", "Producer"],
  ["/messages", "Message"], ["/dlq", "DLQ"], ["/trace", "Message trace"], ["/acl", "ACL"], ["/ops", "Ops"],
] as const;

/** bare: no navigation (the login page); session: who is logged in, and the CSRF token the page script sends. */
export function Layout(props: { title: string; path: string; children: Child; head?: Child; bare?: boolean; session?: SessionView | undefined }) {
  const current = (href: string) => (href === "/" ? props.path === "/" : props.path.startsWith(href));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · mq console`}</title>
        {/* STYLE and PAGE_SCRIPT are constants of the binary (never data read from the cluster);
            as JSX text they would be HTML-escaped, and "=>" or "Segoe UI" would break. */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
        {props.session ? <meta name="csrf-token" content={props.session.csrfToken} /> : null}
        {props.head}
      </head>
      <body>
        <header>
          <b>mq console</b>
          {props.bare ? null : NAV.map(([href, name]) => <a href={href} class={current(href) ? "on" : ""}>{name}</a>)}
          {props.session ? (
            <span class="who"><span id="user">{props.session.user}</span>
              <button class="link" id="logout" data-api="/api/logout" data-go="/login" data-result="#logout-result">Log out</button>
              <span id="logout-result" /></span>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <script dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
      </body>
    </html>
  );
}

/** A failure read from the cluster, shown where the data would be. */
export const Failure = (props: { error: unknown }) => (
  <p class="card bad">{props.error instanceof Error ? props.error.message : String(props.error)}</p>
);

export const when = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "");
