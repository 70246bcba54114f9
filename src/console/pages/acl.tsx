// ACL: ACL 1.0's accounts (secrets never shown) with the create/update and delete forms, or
// ACL 2.0's users and policies with theirs; with ACL off, why there is nothing to show.
import type { AclView } from "../api/acl.ts";
import type { PlainAclView } from "../api/acl-plain.ts";
import type { UsersAclView } from "../api/acl-users.ts";
import { when } from "./layout.tsx";

export function AclPage(props: { view: AclView }) {
  const v = props.view;
  if (v.acl === "off") return <p class="card muted" id="acl-off">{v.note}</p>;
  return v.acl === "1.0" ? <PlainAcl v={v} /> : <UsersAcl v={v} />;
}

function PlainAcl(props: { v: PlainAclView }) {
  const { v } = props;
  return (
    <>
      <p class="muted">ACL 1.0 (plain_acl.yml) on cluster {v.cluster}.</p>
      <h2>Accounts</h2>
      <div class="card">
        {v.accounts === undefined ? <p class="muted" id="accounts-note">{v.accountsNote}</p> : (
          <table id="accounts">
            <thead><tr><th>Access key</th><th>Admin</th><th>White address</th><th>Default topic</th><th>Default group</th><th>Topics</th><th>Groups</th><th /></tr></thead>
            <tbody>{v.accounts.map((a) => (
              <tr><td>{a.accessKey}</td><td>{a.admin ? "yes" : "no"}</td><td>{a.whiteRemoteAddress}</td><td>{a.defaultTopicPerm}</td>
                <td>{a.defaultGroupPerm}</td><td>{a.topicPerms.join(", ")}</td><td>{a.groupPerms.join(", ")}</td>
                <td><button class="danger" data-api={`/api/acl/accounts/${encodeURIComponent(a.accessKey)}`} data-method="DELETE" data-reload
                  data-confirm={`Delete account ${a.accessKey} on every broker of ${v.cluster}?`}>Delete</button></td></tr>
            ))}</tbody>
          </table>
        )}
        {v.accounts !== undefined && v.accountsNote ? <p class="muted">Accounts {v.accountsNote}.</p> : null}
        {v.globalWhiteAddrs?.length ? <p class="muted">Global white addresses: {v.globalWhiteAddrs.join(", ")}</p> : null}
      </div>
      <h2>Create or update an account</h2>
      <div class="card">
        <form data-api="/api/acl/accounts" data-result="#account-result" id="account-form">
          <label>Access key<input name="accessKey" required minLength={6} /></label>
          <label>Secret key (empty: unchanged)<input name="secretKey" type="password" autocomplete="new-password" /></label>
          <label>White address<input name="whiteRemoteAddress" placeholder="192.168.0.*" /></label>
          <label>Default topic perm<select name="defaultTopicPerm"><option value="">unchanged</option><option>DENY</option><option>PUB</option><option>SUB</option><option>PUB|SUB</option></select></label>
          <label>Default group perm<select name="defaultGroupPerm"><option value="">unchanged</option><option>DENY</option><option>PUB</option><option>SUB</option><option>PUB|SUB</option></select></label>
          <label>Topic perms<input name="topicPerms" placeholder="topicA=PUB,topicB=SUB" /></label>
          <label>Group perms<input name="groupPerms" placeholder="groupA=SUB" /></label>
          <label>Admin<input name="admin" type="checkbox" /></label>
          <button type="submit">Save account</button>
        </form>
        <pre id="account-result" />
      </div>
      <h2>File versions</h2>
      <div class="card"><table>
        <thead><tr><th>Broker</th><th>Address</th><th>File</th><th class="num">Version</th><th>Changed</th></tr></thead>
        <tbody>{v.versions.map((r) => <tr><td>{r.brokerName}</td><td>{r.brokerAddr}</td><td>{r.aclFile}</td><td class="num">{r.counter}</td><td>{when(r.timestampMs)}</td></tr>)}</tbody>
      </table></div>
      <pre id="result" />
    </>
  );
}

function UsersAcl(props: { v: UsersAclView }) {
  const { v } = props;
  return (
    <>
      <p class="muted">ACL 2.0 on cluster {v.cluster}.</p>
      <h2>Users</h2>
      <div class="card"><table id="users">
        <thead><tr><th>Username</th><th>Type</th><th>Status</th><th /></tr></thead>
        <tbody>{v.users.map((u) => (
          <tr><td>{u.username}</td><td>{u.userType}</td><td>{u.userStatus}</td>
            <td><button class="danger" data-api={`/api/acl/users/${encodeURIComponent(u.username)}`} data-method="DELETE" data-reload
              data-confirm={`Delete user ${u.username} on every broker of ${v.cluster}?`}>Delete</button></td></tr>
        ))}</tbody>
      </table></div>
      <div class="card">
        <form data-api="/api/acl/users" data-result="#user-result" data-reload id="user-form">
          <label>Username<input name="username" required /></label>
          <label>Password<input name="password" type="password" required autocomplete="new-password" /></label>
          <label>Type<select name="userType"><option>Normal</option><option>Super</option></select></label>
          <label>Status<select name="userStatus"><option>enable</option><option>disable</option></select></label>
          <button type="submit">Create or update user</button>
        </form>
        <pre id="user-result" />
      </div>
      <h2>Policies</h2>
      <div class="card"><table id="policies">
        <thead><tr><th>Subject</th><th>Type</th><th>Resource</th><th>Actions</th><th>Source IPs</th><th>Decision</th><th /></tr></thead>
        <tbody>{v.acls.flatMap((a) => a.policies.flatMap((p) => p.entries.map((e) => (
          <tr><td>{a.subject}</td><td>{p.policyType}</td><td>{e.resource}</td><td>{e.actions.join(", ")}</td><td>{e.sourceIps.join(", ")}</td><td>{e.decision}</td>
            <td><button class="danger" data-api={`/api/acl/policies/${encodeURIComponent(a.subject)}?resource=${encodeURIComponent(e.resource)}`}
              data-method="DELETE" data-reload data-confirm={`Delete ${a.subject}'s entry for ${e.resource}?`}>Delete</button></td></tr>
        ))))}</tbody>
      </table></div>
      <div class="card">
        <form data-api="/api/acl/policies" data-result="#policy-result" data-reload id="policy-form">
          <label>Subject<input name="subject" required placeholder="User:alice" /></label>
          <label>Resources<input name="resources" required placeholder="Topic:orders,Group:billing" /></label>
          <label>Actions<input name="actions" required placeholder="Pub,Sub,Get" /></label>
          <label>Source IPs<input name="sourceIps" placeholder="192.168.0.0/24" /></label>
          <label>Decision<select name="decision"><option>Allow</option><option>Deny</option></select></label>
          <button type="submit">Create or update policy</button>
        </form>
        <pre id="policy-result" />
      </div>
      <pre id="result" />
    </>
  );
}
