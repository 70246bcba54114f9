// The login page, shown when the cluster has ACL on: an account of plain_acl.yml (access key and
// secret key) or an ACL 2.0 user (username and password). The form posts JSON to /api/login
// through the page script and goes on to the page asked for.
import { Layout } from "./layout.tsx";

/** Where to go after the login: a path of this console only (never another site). */
export const safeNext = (next: string): string => (next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/");

export function loginPage(next: string) {
  return (
    <Layout title="Log in" path="/login" bare>
      <div class="card">
        <p class="muted">This cluster has ACL on: log in with an account the brokers know. An admin account (plain_acl.yml
          {" "}<code>admin: true</code>, or an ACL 2.0 <code>Super</code> user) may change the cluster; any other account may read
          what it is allowed to.</p>
        <form data-api="/api/login" data-go={safeNext(next)} id="login-form">
          <label>Access key (ACL 2.0: username)<input name="accessKey" required autocomplete="username" /></label>
          <label>Secret key (ACL 2.0: password)<input name="secretKey" type="password" required autocomplete="current-password" /></label>
          <button type="submit">Log in</button>
        </form>
        <pre id="result" />
      </div>
    </Layout>
  );
}
