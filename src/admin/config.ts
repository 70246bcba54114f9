// Configuration of running brokers and name servers, as mqadmin's getBrokerConfig,
// updateBrokerConfig, getNamesrvConfig and updateNamesrvConfig ask for it: the body is
// .properties text both ways (UPDATE_BROKER_CONFIG 25, GET_BROKER_CONFIG 26, UPDATE_NAMESRV_CONFIG
// 318, GET_NAMESRV_CONFIG 319).
import { formatProperty, parseProperties } from "../common/config/index.ts";
import { MASTER_ID, RequestCode, ResponseCode, utf8, type ClusterInfo } from "../common/index.ts";
import { brokersOfCluster, clusterInfo } from "./cluster.ts";
import { AdminError, invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

export type ConfigEntries = Array<[key: string, value: string]>;

/** One broker's configuration; master is the master's address when this is a slave. */
export interface BrokerConfigOf {
  addr: string;
  role: "broker" | "master" | "slave";
  master?: string;
  entries: ConfigEntries;
}

function entriesOf(body: Uint8Array | undefined, from: string): ConfigEntries {
  const parsed = parseProperties(new TextDecoder().decode(body ?? new Uint8Array()));
  if (!parsed.ok) throw new AdminError(ResponseCode.SYSTEM_ERROR, `${from} answered a config that is not .properties text: line ${parsed.line}: ${parsed.message}`, "");
  return parsed.entries.map((e) => [e.key, e.value]);
}

export async function brokerConfigAt(ctx: AdminContext, addr: string): Promise<ConfigEntries> {
  return entriesOf((await invokeOk(ctx, addr, RequestCode.GET_BROKER_CONFIG)).body, addr);
}

/** -b: that broker; -c: each master of the cluster, then its slaves (as mqadmin prints them). */
export async function getBrokerConfig(ctx: AdminContext, target: BrokerTarget): Promise<BrokerConfigOf[]> {
  if (target.brokerAddr !== undefined) {
    const [entries] = await eachTarget(ctx, { brokerAddr: target.brokerAddr }, (addr) => brokerConfigAt(ctx, addr));
    return [{ addr: target.brokerAddr, role: "broker", entries: entries ?? [] }];
  }
  if (target.cluster === undefined) throw new AdminError(ResponseCode.SYSTEM_ERROR, "either -b brokerAddr or -c clusterName is required", "");
  const out: BrokerConfigOf[] = [];
  for (const b of brokersOfCluster(await clusterInfo(ctx), target.cluster)) {
    const master = b.brokerAddrs[String(MASTER_ID)];
    if (master === undefined) continue;
    out.push({ addr: master, role: "master", entries: await brokerConfigAt(ctx, master) });
    const slaves = Object.entries(b.brokerAddrs).filter(([id]) => id !== String(MASTER_ID)).sort(([x], [y]) => Number(x) - Number(y));
    for (const [, addr] of slaves) out.push({ addr, role: "slave", master, entries: await brokerConfigAt(ctx, addr) });
  }
  return out;
}

const propertiesBody = (key: string, value: string): Uint8Array => utf8(`${formatProperty(key, value)}\n`);

/** Sets key=value on -b's broker, or -c's masters (allBrokers: slaves too). Returns the addresses. */
export async function updateBrokerConfig(
  ctx: AdminContext, target: BrokerTarget, key: string, value: string, allBrokers = false, info?: ClusterInfo,
): Promise<string[]> {
  const body = propertiesBody(key, value);
  return eachTarget(ctx, target, async (addr) => {
    await invokeOk(ctx, addr, RequestCode.UPDATE_BROKER_CONFIG, undefined, body);
    return addr;
  }, info, allBrokers ? "every" : "masters");
}

/** Each name server's configuration, in the order given. */
export async function getNamesrvConfig(ctx: AdminContext): Promise<Array<{ addr: string; entries: ConfigEntries }>> {
  const out: Array<{ addr: string; entries: ConfigEntries }> = [];
  for (const addr of ctx.namesrvAddrs) out.push({ addr, entries: entriesOf((await invokeOk(ctx, addr, RequestCode.GET_NAMESRV_CONFIG)).body, addr) });
  return out;
}

/** Sets key=value on every name server; all must accept. */
export async function updateNamesrvConfig(ctx: AdminContext, key: string, value: string): Promise<string[]> {
  const body = propertiesBody(key, value);
  for (const addr of ctx.namesrvAddrs) await invokeOk(ctx, addr, RequestCode.UPDATE_NAMESRV_CONFIG, undefined, body);
  return ctx.namesrvAddrs;
}
