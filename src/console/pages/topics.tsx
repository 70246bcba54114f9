// Topic: the list with kind filters and the create form; one topic's route, queues, a test
// message, a group's offsets reset to a time, and delete.
import type { TopicRouteData } from "../../common/index.ts";
import type { QueueStatus } from "../../admin/index.ts";
import type { TopicRow } from "../api/topics.ts";
import { when } from "./layout.tsx";

const KINDS = ["NORMAL", "RETRY", "DLQ", "SYSTEM"] as const;

export function TopicsPage(props: { topics: TopicRow[]; kind: string }) {
  const shown = props.topics.filter((t) => props.kind === "ALL" || t.kind === props.kind);
  return (
    <>
      <div class="card">
        <form data-api="/api/topics" data-method="POST" data-reload>
          <label>Topic<input name="topic" required placeholder="TopicTest" /></label>
          <label>Write queues<input name="writeQueueNums" type="number" value="8" min="1" /></label>
          <label>Read queues<input name="readQueueNums" type="number" value="8" min="1" /></label>
          <label>Perm<select name="perm"><option value="6">6 read+write</option><option value="4">4 read only</option><option value="2">2 write only</option></select></label>
          <button type="submit">Create or update</button>
        </form>
        <pre id="result" />
      </div>
      <p>{["ALL", ...KINDS].map((k) => <a href={`/topics?kind=${k}`} class="pill" style="margin-right:.4rem">{k === props.kind ? <b>{k}</b> : k}</a>)}</p>
      <div class="card">
        <table>
          <thead><tr><th>Topic</th><th>Kind</th></tr></thead>
          <tbody>{shown.map((t) => <tr><td><a href={`/topics/${encodeURIComponent(t.topic)}`}>{t.topic}</a></td><td>{t.kind}</td></tr>)}</tbody>
        </table>
      </div>
    </>
  );
}

export function TopicPage(props: { topic: string; route: TopicRouteData; status: QueueStatus[] }) {
  const api = `/api/topics/${encodeURIComponent(props.topic)}`;
  return (
    <>
      <h2>Route</h2>
      <div class="card"><table>
        <thead><tr><th>Broker</th><th>Cluster</th><th>Addresses</th><th>Read</th><th>Write</th><th>Perm</th></tr></thead>
        <tbody>{props.route.brokerDatas.map((b) => {
          const q = props.route.queueDatas.find((d) => d.brokerName === b.brokerName);
          return <tr><td>{b.brokerName}</td><td>{b.cluster}</td><td>{Object.entries(b.brokerAddrs).map(([id, a]) => `${id}: ${a}`).join(", ")}</td>
            <td class="num">{q?.readQueueNums}</td><td class="num">{q?.writeQueueNums}</td><td class="num">{q?.perm}</td></tr>;
        })}</tbody>
      </table></div>
      <h2>Status</h2>
      <div class="card"><table>
        <thead><tr><th>Broker</th><th>Queue</th><th>Min offset</th><th>Max offset</th><th>Last updated</th></tr></thead>
        <tbody>{props.status.map((q) => <tr><td>{q.brokerName}</td><td class="num">{q.queueId}</td><td class="num">{q.minOffset}</td>
          <td class="num">{q.maxOffset}</td><td>{when(q.lastUpdateTimestamp)}</td></tr>)}</tbody>
      </table></div>
      <h2>Send a test message</h2>
      <div class="card">
        <form data-api={`${api}/send`} data-result="#send-result" id="send-form">
          <label>Body<textarea name="body" rows={2} cols={40} required>Hello mq</textarea></label>
          <label>Tags<input name="tags" placeholder="TagA" /></label>
          <label>Keys<input name="keys" placeholder="order-1" /></label>
          <button type="submit">Send</button>
        </form>
        <pre id="send-result" />
      </div>
      <h2>Reset a group's offsets</h2>
      <div class="card">
        <form data-api="/api/consumers/{group}/reset-offset" data-result="#reset-result" id="reset-form">
          <input type="hidden" name="topic" value={props.topic} />
          <label>Consumer group<input name="group" required /></label>
          <label>To the messages stored since<input name="timestampMs" data-time value="now" placeholder="now, -1 (the end) or 2026-12-01T21:00" /></label>
          <button type="submit">Reset offsets</button>
        </form>
        <pre id="reset-result" />
      </div>
      <p><button class="danger" data-api={api} data-method="DELETE" data-confirm={`Delete topic ${props.topic} from its cluster?`}>Delete topic</button></p>
      <pre id="result" />
    </>
  );
}
