// Producer: a producer group's connections, found through a topic it sends to.
import type { ProducerDetail } from "../api/producers.ts";

export function ProducersPage(props: { group: string; topic: string; found?: ProducerDetail }) {
  const f = props.found;
  return (
    <>
      <div class="card">
        <form method="get" action="/producers">
          <label>Topic<input name="topic" value={props.topic} required placeholder="TopicTest" /></label>
          <label>Producer group<input name="group" value={props.group} required placeholder="please_rename_unique_group_name" /></label>
          <button type="submit">Show connections</button>
        </form>
      </div>
      {f === undefined ? null : f.clients.length === 0
        ? <p class="card muted">No producer of group {f.group} is connected to the brokers of {f.topic}.</p>
        : <div class="card"><table>
          <thead><tr><th>Client id</th><th>Address</th><th>Language</th><th>Version</th></tr></thead>
          <tbody>{f.clients.map((c) => <tr><td>{c.clientId}</td><td>{c.clientAddr}</td><td>{c.language}</td><td class="num">{c.version}</td></tr>)}</tbody>
        </table></div>}
    </>
  );
}
