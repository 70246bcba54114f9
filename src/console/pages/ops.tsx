// Ops: which name servers this console asks.
export function OpsPage(props: { namesrvAddrs: readonly string[] }) {
  return (
    <div class="card"><table>
      <thead><tr><th>Name server</th></tr></thead>
      <tbody>{props.namesrvAddrs.map((a) => <tr><td>{a}</td></tr>)}</tbody>
    </table>
    <p class="muted">Set with <code>mq console -n host:port;host:port</code> (all-in-one: its own name server).</p></div>
  );
}
