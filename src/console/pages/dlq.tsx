// DLQ: the messages of a group's %DLQ% topic, newest first.
import type { MessageJson } from "../api/views.ts";
import { MessageList } from "./messages.tsx";

export function DlqPage(props: { group: string; found?: MessageJson[] }) {
  return (
    <>
      <div class="card">
        <form method="get" action="/dlq">
          <label>Consumer group<input name="group" value={props.group} required /></label>
          <button type="submit">Show dead letters</button>
        </form>
      </div>
      {props.found === undefined ? null : <MessageList found={props.found} />}
    </>
  );
}
