// Consumer: every group with its clients and backlog, and the create form; one group's lag per
// queue, its clients, an offset reset and delete.
import type { GroupSummary } from "../../admin/index.ts";
import type { GroupDetail } from "../api/consumers.ts";

function CreateGroup() {
  return (
    <div class="card">
      <form data-api="/api/consumers" data-method="POST" data-reload id="group-form">
        <label>Consumer group<input name="group" required placeholder="please_rename_unique_group_name" /></label>
        <label>Retry max times<input name="retryMaxTimes" type="number" value="16" min="0" /></label>
        <button type="submit">Create or update</button>
      </form>
      <pre id="result" />
    </div>
  );
}

export function ConsumersPage(props: { groups: GroupSummary[] }) {
  if (props.groups.length === 0) return <><CreateGroup /><p class="card muted">No consumer group yet.</p></>;
  return (
    <><CreateGroup /><div class="card"><table>
      <thead><tr><th>Group</th><th>Clients</th><th>Type</th><th>Model</th><th>Consume TPS</th><th>Lag</th></tr></thead>
      <tbody>{props.groups.map((g) => (
        <tr><td><a href={`/consumers/${encodeURIComponent(g.group)}`}>{g.group}</a></td>
          <td class="num">{g.count === 0 ? <span class="muted">offline</span> : g.count}</td>
          <td>{g.consumeType ?? ""}</td><td>{g.messageModel ?? ""}</td>
          <td class="num">{g.consumeTps.toFixed(1)}</td><td class="num">{g.diffTotal}</td></tr>
      ))}</tbody>
    </table></div></>
  );
}

export function ConsumerPage(props: { detail: GroupDetail }) {
  const d = props.detail;
  return (
    <>
      {d.progressError === undefined
        ? <p>Lag <b id="lag">{d.progress.diffTotal}</b> · consume TPS {d.progress.consumeTps.toFixed(1)}
          {d.consumeType ? ` · ${d.consumeType} ${d.messageModel ?? ""}` : ""}</p>
        : <p class="card muted">{d.progressError}</p>}
      <h2>Lag per queue</h2>
      <div class="card"><table>
        <thead><tr><th>Topic</th><th>Broker</th><th>Queue</th><th>Broker offset</th><th>Consumer offset</th><th>Lag</th></tr></thead>
        <tbody>{d.progress.queues.map((q) => <tr><td>{q.topic}</td><td>{q.brokerName}</td><td class="num">{q.queueId}</td>
          <td class="num">{q.brokerOffset}</td><td class="num">{q.consumerOffset}</td><td class="num">{q.diff}</td></tr>)}</tbody>
      </table></div>
      <h2>Clients</h2>
      {d.clients.length === 0
        ? <p class="card muted">{d.offline ? `offline: ${d.offline}` : "No client is connected."}</p>
        : <div class="card"><table>
          <thead><tr><th>Client id</th><th>Address</th><th>Language</th><th>Version</th></tr></thead>
          <tbody>{d.clients.map((c) => <tr><td>{c.clientId}</td><td>{c.clientAddr}</td><td>{c.language}</td><td class="num">{c.version}</td></tr>)}</tbody>
        </table></div>}
      <h2>Reset offsets</h2>
      <div class="card">
        <form data-api={`/api/consumers/${encodeURIComponent(d.group)}/reset-offset`} data-result="#reset-result" id="reset-form">
          <label>Topic<input name="topic" required value={d.progress.queues.find((q) => !q.topic.startsWith("%RETRY%"))?.topic ?? ""} /></label>
          <label>To the messages stored since<input name="timestampMs" data-time value="now" placeholder="now, -1 (the end) or 2026-12-01T21:00" /></label>
          <button type="submit">Reset offsets</button>
        </form>
        <pre id="reset-result" />
      </div>
      <p><a href={`/dlq?group=${encodeURIComponent(d.group)}`}>Dead letters of this group</a></p>
      <p><button class="danger" data-api={`/api/consumers/${encodeURIComponent(d.group)}`} data-method="DELETE"
        data-confirm={`Delete consumer group ${d.group} from its cluster?`}>Delete group</button></p>
      <pre id="result" />
    </>
  );
}
