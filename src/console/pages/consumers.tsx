// Consumer: every group with its clients and backlog; one group's lag per queue and its clients.
import type { GroupSummary } from "../../admin/index.ts";
import type { GroupDetail } from "../api/consumers.ts";

export function ConsumersPage(props: { groups: GroupSummary[] }) {
  if (props.groups.length === 0) return <p class="card muted">No consumer group yet.</p>;
  return (
    <div class="card"><table>
      <thead><tr><th>Group</th><th>Clients</th><th>Type</th><th>Model</th><th>Consume TPS</th><th>Lag</th></tr></thead>
      <tbody>{props.groups.map((g) => (
        <tr><td><a href={`/consumers/${encodeURIComponent(g.group)}`}>{g.group}</a></td>
          <td class="num">{g.count === 0 ? <span class="muted">offline</span> : g.count}</td>
          <td>{g.consumeType ?? ""}</td><td>{g.messageModel ?? ""}</td>
          <td class="num">{g.consumeTps.toFixed(1)}</td><td class="num">{g.diffTotal}</td></tr>
      ))}</tbody>
    </table></div>
  );
}

export function ConsumerPage(props: { detail: GroupDetail }) {
  const d = props.detail;
  return (
    <>
      <p>Lag <b>{d.progress.diffTotal}</b> · consume TPS {d.progress.consumeTps.toFixed(1)}
        {d.consumeType ? ` · ${d.consumeType} ${d.messageModel ?? ""}` : ""}</p>
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
    </>
  );
}
