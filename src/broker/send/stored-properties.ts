// The fast path for a plain send's properties: the producer's text with WAIT dropped and
// CLUSTER set, edited as a string instead of parsed into a Map and formatted again. It stands in
// for format(parse(text) - WAIT + CLUSTER) only where that gives the same properties to every
// reader: segments without a name are dropped as the parser drops them, and a text that names a
// property twice is left to the Map path (undefined), since readers disagree on which one wins.
// So is a delayed message (DELAY set): its routing rewrites more properties.
import { MessageProperty, NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from "../../common/index.ts";

const WAIT_NAME = MessageProperty.WAIT;
const CLUSTER_NAME = MessageProperty.CLUSTER;
const DELAY_NAME = MessageProperty.DELAY;
/** More properties than this: the Map path (the duplicate check below is quadratic). */
const NAMES_MAX = 32;

/** The stored properties text, or undefined when the text needs the Map path. */
export function storedPropertiesText(text: string, clusterName: string): string | undefined {
  const names: string[] = [];
  let out = "";
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf(PROPERTY_SEPARATOR, from);
    if (end < 0) end = text.length;
    const at = text.indexOf(NAME_VALUE_SEPARATOR, from);
    if (at > from && at < end) {
      const name = text.slice(from, at);
      if (name === DELAY_NAME || names.includes(name) || names.length === NAMES_MAX) return undefined;
      names.push(name);
      if (name !== WAIT_NAME && name !== CLUSTER_NAME) {
        out += out.length === 0 ? text.slice(from, end) : PROPERTY_SEPARATOR + text.slice(from, end);
      }
    }
    from = end + 1;
  }
  const cluster = CLUSTER_NAME + NAME_VALUE_SEPARATOR + clusterName;
  return out.length === 0 ? cluster : out + PROPERTY_SEPARATOR + cluster;
}
