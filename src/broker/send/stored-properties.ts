// The fast path for a plain send's properties: the producer's text with WAIT dropped and
// CLUSTER set, edited as a string instead of parsed into a Map and formatted again. It stands in
// for format(parse(text) - WAIT + CLUSTER) only where that gives the same properties to every
// reader: segments without a name are dropped as the parser drops them, and a text that names a
// property twice is left to the Map path (undefined), since readers disagree on which one wins.
// So is a delayed message (DELAY set): its routing rewrites more properties.
import { forEachProperty, MessageProperty, NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from "../../common/index.ts";

const WAIT_NAME = MessageProperty.WAIT;
const CLUSTER_NAME = MessageProperty.CLUSTER;
const DELAY_NAME = MessageProperty.DELAY;
/** More properties than this: the Map path (the duplicate check below is quadratic). */
const NAMES_MAX = 32;

/** The stored properties text, or undefined when the text needs the Map path. */
export function storedPropertiesText(text: string, clusterName: string): string | undefined {
  const names: string[] = [];
  let out = "";
  const plain = forEachProperty(text, (name, value) => {
    if (name === DELAY_NAME || names.includes(name) || names.length === NAMES_MAX) return false;
    names.push(name);
    if (name !== WAIT_NAME && name !== CLUSTER_NAME) {
      out += (out.length === 0 ? name : PROPERTY_SEPARATOR + name) + NAME_VALUE_SEPARATOR + value;
    }
  });
  if (!plain) return undefined;
  const cluster = CLUSTER_NAME + NAME_VALUE_SEPARATOR + clusterName;
  return out.length === 0 ? cluster : out + PROPERTY_SEPARATOR + cluster;
}
