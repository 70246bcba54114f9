// Message trace: the send and each consume attempt a tracing client recorded for a message id.
import type { TraceResult } from "../api/trace.ts";
import { when } from "./layout.tsx";

const outcome = (s: boolean | undefined) => (s === undefined ? "" : s ? <span class="ok">success</span> : <span class="bad">failed</span>);

export function TracePage(props: { msgId: string; traceTopic: string; found?: TraceResult }) {
  const f = props.found;
  return (
    <>
      <div class="card">
        <form method="get" action="/trace">
          <label>Message id<input name="msgId" value={props.msgId} required size={34} /></label>
          <label>Trace topic<input name="traceTopic" value={props.traceTopic} /></label>
          <button type="submit">Show trace</button>
        </form>
      </div>
      {f === undefined ? null : f.records.length === 0
        ? <p class="card muted">No trace of {f.msgId} in {f.traceTopic}: its producer and consumers must run with message trace on (enableMsgTrace).</p>
        : <div class="card"><table>
          <thead><tr><th>Step</th><th>When</th><th>Group</th><th>Topic</th><th>Host</th><th>Cost ms</th><th>Retry</th><th>Outcome</th></tr></thead>
          <tbody>{f.records.map((r) => (
            <tr><td><span class="pill">{r.type}</span></td><td>{when(r.timestampMs)}</td><td>{r.group}</td><td>{r.topic}</td>
              <td>{r.storeHost || r.clientHost}</td><td class="num">{r.costTimeMs}</td><td class="num">{r.retryTimes}</td>
              <td>{r.transactionState || outcome(r.success)}</td></tr>
          ))}</tbody>
        </table></div>}
    </>
  );
}
