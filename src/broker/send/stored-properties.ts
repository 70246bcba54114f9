// The properties the broker stamps on every stored message, and the fast path for a plain send's
// properties: the producer's text with the stamps set (WAIT kept, as Apache RocketMQ stores it),
// edited as a string instead of parsed into a Map and formatted again. It stands in for
// format(parse(text) + stamps) only where that gives the same properties to every
// reader: segments without a name are dropped as the parser drops them, and a text that names a
// property twice is left to the Map path (undefined), since readers disagree on which one wins.
// So is a message whose routing rewrites more properties: delayed (DELAY), timed (TIMER_*,
// __STARTDELIVERTIME) or transactional (TRAN_MSG).
import { forEachProperty, MessageProperty, NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from "../../common/index.ts";
import { MSG_REGION_DEFAULT } from "./send-reply.ts";

/** Properties whose presence sends the message down the Map path. */
const ROUTED_NAMES: ReadonlySet<string> = new Set([
  MessageProperty.DELAY,
  MessageProperty.TRAN_MSG,
  MessageProperty.TIMER_DELIVER_MS,
  MessageProperty.TIMER_DELAY_SEC,
  MessageProperty.TIMER_DELAY_MS,
  MessageProperty.START_DELIVER_TIME,
]);

/**
 * Set on every stored message, replacing what the producer sent: MSG_REGION and TRACE_ON as
 * RocketMQ 5's broker stamps them (a 5.x consumer drops its consume traces of a message without
 * MSG_REGION), and CLUSTER, the broker's cluster.
 */
export function brokerStamps(clusterName: string): ReadonlyArray<readonly [string, string]> {
  return stampsOf(clusterName).list;
}

/** The stamps of the last cluster asked for, as a list and as properties text: a broker has one
 *  cluster, and every send needs them. */
let lastStamps = { clusterName: "", list: [] as ReadonlyArray<readonly [string, string]>, text: "" };

function stampsOf(clusterName: string): typeof lastStamps {
  if (lastStamps.clusterName === clusterName && lastStamps.list.length > 0) return lastStamps;
  const list = [
    [MessageProperty.MSG_REGION, MSG_REGION_DEFAULT],
    [MessageProperty.TRACE_ON, "true"],
    [MessageProperty.CLUSTER, clusterName],
  ] as const;
  const text = list.map(([name, value]) => name + NAME_VALUE_SEPARATOR + value).join(PROPERTY_SEPARATOR);
  lastStamps = { clusterName, list, text };
  return lastStamps;
}

const STAMPED: ReadonlySet<string> = new Set(brokerStamps("").map(([name]) => name));
/** More properties than this: the Map path (the duplicate check below is quadratic). */
const NAMES_MAX = 32;

/** The stored properties text, or undefined when the text needs the Map path. */
export function storedPropertiesText(text: string, clusterName: string): string | undefined {
  const kept = keptAsSent(text);
  if (kept === undefined) return undefined;
  if (kept) return text.length === 0 ? stampsOf(clusterName).text : text + PROPERTY_SEPARATOR + stampsOf(clusterName).text;
  return rebuilt(text, clusterName);
}

/** Whether the text is stored as it was sent, every property in it kept (none stamped by the
 *  broker, none malformed, no empty entry: then the kept properties, joined, are the whole text,
 *  so their lengths and separators add up to its length); undefined when it needs the Map path.
 *  What most sends are: the text is not rebuilt property by property. */
function keptAsSent(text: string): boolean | undefined {
  const names: string[] = [];
  let length = -PROPERTY_SEPARATOR.length;
  let stamped = false;
  const plain = forEachProperty(text, (name, value) => {
    if (ROUTED_NAMES.has(name) || names.includes(name) || names.length === NAMES_MAX) return false;
    names.push(name);
    if (STAMPED.has(name)) stamped = true;
    length += PROPERTY_SEPARATOR.length + name.length + NAME_VALUE_SEPARATOR.length + value.length;
  });
  if (!plain) return undefined;
  return !stamped && (names.length === 0 ? text.length === 0 : length === text.length);
}

/** The text without the properties the broker stamps, and its stamps after them. */
function rebuilt(text: string, clusterName: string): string | undefined {
  const names: string[] = [];
  let out = "";
  const plain = forEachProperty(text, (name, value) => {
    if (ROUTED_NAMES.has(name) || names.includes(name) || names.length === NAMES_MAX) return false;
    names.push(name);
    if (!STAMPED.has(name)) {
      out += (out.length === 0 ? name : PROPERTY_SEPARATOR + name) + NAME_VALUE_SEPARATOR + value;
    }
  });
  if (!plain) return undefined;
  const stamps = stampsOf(clusterName).text;
  return out.length === 0 ? stamps : out + PROPERTY_SEPARATOR + stamps;
}
