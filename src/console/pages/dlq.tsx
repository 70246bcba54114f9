// DLQ: the messages of a group's %DLQ% topic, newest first, each re-sendable to the group's
// %RETRY% topic (only this group consumes it again) or to its original topic (every group).
import type { MessageJson } from "../api/views.ts";
import { when } from "./layout.tsx";

function Resend(props: { m: MessageJson; group: string; target: "retry" | "topic"; label: string }) {
  return (
    <button data-api={`/api/messages/${props.m.offsetMsgId}/resend`} data-body={JSON.stringify({ group: props.group, target: props.target })}
      data-result="#result">{props.label}</button>
  );
}

export function DlqPage(props: { group: string; found?: MessageJson[] }) {
  const { group, found } = props;
  return (
    <>
      <div class="card">
        <form method="get" action="/dlq">
          <label>Consumer group<input name="group" value={group} required /></label>
          <button type="submit">Show dead letters</button>
        </form>
      </div>
      <pre id="result" />
      {found === undefined ? null : found.length === 0 ? <p class="card muted">No dead letter for {group}.</p> : (
        <div class="card"><table>
          <thead><tr><th>Message id</th><th>Original topic</th><th>Tags</th><th>Keys</th><th>Reconsumed</th><th>Stored</th><th>Re-send</th></tr></thead>
          <tbody>{found.map((m) => (
            <tr><td><a href={`/messages/${m.offsetMsgId}`}>{m.msgId}</a></td><td>{m.properties.RETRY_TOPIC ?? ""}</td><td>{m.tags}</td>
              <td>{m.keys.join(" ")}</td><td class="num">{m.reconsumeTimes}</td><td>{when(m.storeTimestamp)}</td>
              <td><Resend m={m} group={group} target="retry" label="to the group" />{" "}
                {m.properties.RETRY_TOPIC ? <Resend m={m} group={group} target="topic" label="to the topic" /> : null}</td></tr>
          ))}</tbody>
        </table></div>
      )}
    </>
  );
}
