// The offset table of GET_ALL_CONSUMER_OFFSET's body, {"offsetTable":{"<topic>@<group>":{<queueId>:<offset>}}},
// as entries (a key without "@" or a non-number offset is skipped).
import { asFields, parseBody } from "../../common/index.ts";

export interface OffsetTableEntry {
  group: string;
  topic: string;
  queueId: number;
  offset: number;
}

export function offsetTableEntries(body: Uint8Array | undefined): OffsetTableEntry[] {
  const wrapper = asFields(parseBody(body), "ConsumerOffsetSerializeWrapper");
  const table = asFields(wrapper.offsetTable ?? {}, "offsetTable");
  const entries: OffsetTableEntry[] = [];
  for (const [key, queues] of Object.entries(table)) {
    const at = key.lastIndexOf("@");
    if (at <= 0) continue;
    for (const [queueId, offset] of Object.entries(asFields(queues, key))) {
      if (typeof offset === "number") entries.push({ topic: key.slice(0, at), group: key.slice(at + 1), queueId: Number(queueId), offset });
    }
  }
  return entries;
}
