// The fast path for a plain send's properties: the producer's text with WAIT dropped and
// CLUSTER set, edited as a string instead of parsed into a Map and formatted again. It stands in
// for format(parse(text) - WAIT + CLUSTER) only where that gives the same properties to every
// reader: segments without a name are dropped as the parser drops them, and a text that names a
// property twice is left to the Map path (undefined), since readers disagree on which one wins.
// So is a message whose routing rewrites more properties: delayed (DELAY), timed (TIMER_*,
// __STARTDELIVERTIME) or transactional (TRAN_MSG).
import { forEachProperty, MessageProperty, NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from "../../common/index.ts";

const WAIT_NAME = MessageProperty.WAIT;
const CLUSTER_NAME = MessageProperty.CLUSTER;
/** Properties whose presence sends the message down the Map path. */
const ROUTED_NAMES: ReadonlySet<string> = new Set([
  MessageProperty.DELAY,
  MessageProperty.TRAN_MSG,
  MessageProperty.TIMER_DELIVER_MS,
  MessageProperty.TIMER_DELAY_SEC,
  MessageProperty.TIMER_DELAY_MS,
  MessageProperty.START_DELIVER_TIME,
]);
/** More properties than this: the Map path (the duplicate check below is quadratic). */
const NAMES_MAX = 32;

/** The stored properties text, or undefined when the text needs the Map path. */
export function storedPropertiesText(text: string, clusterName: string): string | undefined {
  const names: string[] = [];
  let out = "";
  const plain = forEachProperty(text, (name, value) => {
    if (ROUTED_NAMES.has(name) || names.includes(name) || names.length === NAMES_MAX) return false;
    names.push(name);
    if (name !== WAIT_NAME && name !== CLUSTER_NAME) {
      out += (out.length === 0 ? name : PROPERTY_SEPARATOR + name) + NAME_VALUE_SEPARATOR + value;
    }
  });
  if (!plain) return undefined;
  const cluster = CLUSTER_NAME + NAME_VALUE_SEPARATOR + clusterName;
  return out.length === 0 ? cluster : out + PROPERTY_SEPARATOR + cluster;
}
