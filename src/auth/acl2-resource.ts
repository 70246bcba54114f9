// ACL 2.0 resources as RocketMQ 5 writes them: "*" (anything), "Topic:T" (literal), "Topic:T*"
// (prefixed), "Topic:*" (any topic); types Cluster, Namespace, Topic, Group (case-insensitive on
// the way in). A retry topic names its group. sourceIps: an address or a CIDR range.
export const RESOURCE_TYPES = ["Cluster", "Namespace", "Topic", "Group"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export type Resource =
  | { type: "Any" }
  | { type: ResourceType; pattern: "Any" }
  | { type: ResourceType; pattern: "Literal" | "Prefixed"; name: string };

const RETRY = "%RETRY%";

export function parseResource(key: string): Resource | undefined {
  const k = key.trim();
  if (k === "*") return { type: "Any" };
  const colon = k.indexOf(":");
  if (colon <= 0) return undefined;
  const type = RESOURCE_TYPES.find((t) => t.toLowerCase() === k.slice(0, colon).toLowerCase());
  const name = k.slice(colon + 1);
  if (type === undefined || name === "") return undefined;
  if (name === "*") return { type, pattern: "Any" };
  if (name.endsWith("*")) return { type, pattern: "Prefixed", name: name.slice(0, -1) };
  return { type, pattern: "Literal", name };
}

export function resourceKey(r: Resource): string {
  if (r.type === "Any") return "*";
  if (r.pattern === "Any") return `${r.type}:*`;
  return `${r.type}:${r.name}${r.pattern === "Prefixed" ? "*" : ""}`;
}

export const topicResource = (name: string): Resource =>
  name.startsWith(RETRY) ? groupResource(name) : { type: "Topic", pattern: "Literal", name };
export const groupResource = (name: string): Resource =>
  ({ type: "Group", pattern: "Literal", name: name.startsWith(RETRY) ? name.slice(RETRY.length) : name });
export const clusterResource = (name: string): Resource => ({ type: "Cluster", pattern: "Literal", name });

/** Whether a policy's resource covers a request's (always literal) resource. */
export function covers(policy: Resource, target: Resource): boolean {
  if (policy.type === "Any") return true;
  if (target.type === "Any" || target.type !== policy.type || target.pattern !== "Literal") return false;
  if (policy.pattern === "Any") return true;
  return policy.pattern === "Literal" ? target.name === policy.name : target.name.startsWith(policy.name);
}

/** Negative when a is more specific than b: literal, then the longer prefix, then any-of-type,
 *  then anything (RocketMQ's AclAuthorizationHandler order). */
export function specificity(a: Resource, b: Resource): number {
  const rank = (r: Resource): number => (r.type === "Any" ? 3 : r.pattern === "Literal" ? 0 : r.pattern === "Prefixed" ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (a.type !== "Any" && b.type !== "Any" && a.pattern === "Prefixed" && b.pattern === "Prefixed") return b.name.length - a.name.length;
  return 0;
}

/** ip equals source, or lies in the CIDR range source ("10.0.0.0/8", IPv4 only). */
export function ipInRange(ip: string, source: string): boolean {
  const slash = source.indexOf("/");
  if (slash < 0) return ip === source.trim();
  const bits = Number(source.slice(slash + 1));
  const base = ipv4Number(source.slice(0, slash));
  const addr = ipv4Number(ip);
  if (base === undefined || addr === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((addr & mask) >>> 0) === ((base & mask) >>> 0);
}

export const isSourceIp = (source: string): boolean =>
  source.includes("/") ? ipv4Number(source.split("/")[0]!) !== undefined && /^\d{1,2}$/.test(source.split("/")[1]!) && Number(source.split("/")[1]) <= 32
    : ipv4Number(source) !== undefined || source.includes(":");

function ipv4Number(ip: string): number | undefined {
  const parts = ip.trim().split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}
