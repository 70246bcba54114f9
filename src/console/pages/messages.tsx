// Message: find by topic and key or by id; a message's detail with every property and its body,
// a resend to a group, and a link to its trace.
import type { MessageJson } from "../api/views.ts";
import { when } from "./layout.tsx";

export interface MessageQuery {
  topic: string;
  key: string;
  id: string;
  begin: string;
  end: string;
}

export function MessageSearch(props: { q: MessageQuery; found?: MessageJson[]; action?: string }) {
  const { q } = props;
  return (
    <>
      <div class="card">
        <form method="get" action={props.action ?? "/messages"}>
          <label>Topic<input name="topic" value={q.topic} placeholder="TopicTest" /></label>
          <label>Key<input name="key" value={q.key} /></label>
          <label>or Message id<input name="id" value={q.id} size={34} /></label>
          <label>or stored from<input name="begin" type="datetime-local" value={q.begin} /></label>
          <label>to<input name="end" type="datetime-local" value={q.end} /></label>
          <button type="submit">Search</button>
        </form>
      </div>
      {props.found === undefined ? null : <MessageList found={props.found} />}
    </>
  );
}

export function MessageList(props: { found: MessageJson[] }) {
  if (props.found.length === 0) return <p class="card muted">No message found.</p>;
  return (
    <div class="card"><table>
      <thead><tr><th>Message id</th><th>Topic</th><th>Tags</th><th>Keys</th><th>Stored</th></tr></thead>
      <tbody>{props.found.map((m) => (
        <tr><td><a href={`/messages/${m.offsetMsgId}`}>{m.msgId}</a></td><td>{m.topic}</td><td>{m.tags}</td>
          <td>{m.keys.join(" ")}</td><td>{when(m.storeTimestamp)}</td></tr>
      ))}</tbody>
    </table></div>
  );
}

export function MessageDetail(props: { m: MessageJson }) {
  const { m } = props;
  const rows: Array<[string, string | number]> = [
    ["Message id", m.msgId], ["Offset message id", m.offsetMsgId], ["Topic", m.topic], ["Broker", m.brokerName],
    ["Queue", m.queueId], ["Queue offset", m.queueOffset], ["Tags", m.tags], ["Keys", m.keys.join(" ")],
    ["Born", `${when(m.bornTimestamp)} at ${m.bornHost}`], ["Stored", `${when(m.storeTimestamp)} at ${m.storeHost}`],
    ["Reconsume times", m.reconsumeTimes], ["Body bytes", m.bodyBytes],
  ];
  return (
    <>
      <div class="card"><table><tbody>{rows.map(([k, v]) => <tr><th>{k}</th><td>{v}</td></tr>)}</tbody></table></div>
      <h2>Properties</h2>
      <div class="card"><table><tbody>{Object.entries(m.properties).map(([k, v]) => <tr><th>{k}</th><td>{v}</td></tr>)}</tbody></table></div>
      <h2>Body</h2>
      <pre>{m.body}</pre>
      <h2>Resend to a consumer group</h2>
      <div class="card">
        <form data-api={`/api/messages/${m.offsetMsgId}/resend`} data-result="#result" id="resend-form">
          <label>Consumer group<input name="group" required /></label>
          <label>Through<select name="target"><option value="retry">its retry topic (this group only)</option>
            <option value="topic">the original topic (every group)</option></select></label>
          <button type="submit">Resend</button>
        </form>
        <pre id="result" />
      </div>
      <p><a href={`/trace?msgId=${encodeURIComponent(m.msgId)}`}>Message trace of {m.msgId}</a></p>
    </>
  );
}
