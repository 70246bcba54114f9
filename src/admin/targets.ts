// The brokers an admin command goes to, resolved in one place: `-b brokerAddr` (one broker) or
// `-c clusterName` (every master of the cluster, or every address for brokerStatus), as mqadmin's
// updateTopic, updateSubGroup, deleteTopic and brokerStatus take them. What the name servers do
// not know fails naming what they do know, so the user sees which value to pass instead.
import { ResponseCode, type ClusterInfo } from "../common/index.ts";
import { RemotingError } from "../remoting/index.ts";
import { brokersOfCluster, clusterInfo, masterAddrsOfCluster } from "./cluster.ts";
import { AdminError, type AdminContext } from "./context.ts";

export interface BrokerTarget {
  brokerAddr?: string;
  cluster?: string;
}

const HOST_PORT = /^\S+:\d{1,5}$/;

/** -b's address (checked to be host:port), or -c's masters ("every": all its addresses, slaves too). */
export async function targetAddrs(
  ctx: AdminContext, target: BrokerTarget, info?: ClusterInfo, which: "masters" | "every" = "masters",
): Promise<string[]> {
  if (target.brokerAddr !== undefined) return [await checkedBrokerAddr(ctx, target.brokerAddr, info)];
  if (target.cluster === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, "either -b brokerAddr or -c clusterName is required", "");
  const known = info ?? (await clusterInfo(ctx));
  const addrs = which === "masters"
    ? masterAddrsOfCluster(known, target.cluster)
    : brokersOfCluster(known, target.cluster).flatMap((b) => Object.values(b.brokerAddrs));
  if (addrs.length === 0) throw new AdminError(ResponseCode.SYSTEM_ERROR, `no master broker in cluster ${target.cluster}: ${knownBrokers(known)}`, "");
  return addrs;
}

/**
 * Runs op on each target in turn. When a -b address cannot be reached and no broker registered
 * with the name servers has it, the error says so and lists the brokers they know.
 */
export async function eachTarget<T>(
  ctx: AdminContext, target: BrokerTarget, op: (addr: string) => Promise<T>, info?: ClusterInfo, which: "masters" | "every" = "masters",
): Promise<T[]> {
  const results: T[] = [];
  for (const addr of await targetAddrs(ctx, target, info, which)) {
    try {
      results.push(await op(addr));
    } catch (e) {
      if (target.brokerAddr === undefined || !(e instanceof RemotingError)) throw e;
      throw await unreachable(ctx, addr, e, info);
    }
  }
  return results;
}

async function checkedBrokerAddr(ctx: AdminContext, addr: string, info?: ClusterInfo): Promise<string> {
  if (HOST_PORT.test(addr)) return addr;
  const known = info ?? (await clusterInfo(ctx).catch(() => undefined));
  const named = known?.brokerAddrTable[addr]?.brokerAddrs["0"];
  if (named !== undefined) {
    throw new AdminError(ResponseCode.SYSTEM_ERROR, `-b takes a broker address (host:port), not a broker name: broker ${addr}'s master is ${named}`, "");
  }
  throw new AdminError(ResponseCode.SYSTEM_ERROR, `-b ${addr} is not a broker address (host:port)${known ? `; ${knownBrokers(known)}` : ""}`, "");
}

async function unreachable(ctx: AdminContext, addr: string, cause: RemotingError, info?: ClusterInfo): Promise<Error> {
  const known = info ?? (await clusterInfo(ctx).catch(() => undefined));
  if (known === undefined) return cause;
  const registered = Object.values(known.brokerAddrTable).some((b) => Object.values(b.brokerAddrs).includes(addr));
  if (registered) return cause;
  return new AdminError(ResponseCode.SYSTEM_ERROR, `${cause.message}; no broker registered with the name server has address ${addr}; ${knownBrokers(known)}`, "");
}

/** "known brokers: broker-a 127.0.0.1:10911 (master), broker-a 127.0.0.1:10921 (slave 1)" or why there are none. */
function knownBrokers(info: ClusterInfo): string {
  const rows = Object.values(info.brokerAddrTable)
    .sort((a, b) => (a.brokerName < b.brokerName ? -1 : 1))
    .flatMap((b) => Object.entries(b.brokerAddrs)
      .sort(([x], [y]) => Number(x) - Number(y))
      .map(([id, a]) => `${b.brokerName} ${a} (${id === "0" ? "master" : `slave ${id}`})`));
  return rows.length > 0 ? `known brokers: ${rows.join(", ")}` : "no broker has registered with the name server";
}
