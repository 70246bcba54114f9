// `brokerStatus -b addr | -c cluster`: the GET_BROKER_RUNTIME_INFO table of each broker address
// (with -c, masters and slaves).
import type { KVTable } from "../common/index.ts";
import { brokerRuntimeInfo } from "./cluster.ts";
import type { AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

export function brokerStatus(ctx: AdminContext, target: BrokerTarget): Promise<Array<[string, KVTable]>> {
  return eachTarget(ctx, target, async (addr): Promise<[string, KVTable]> => [addr, await brokerRuntimeInfo(ctx, addr)], undefined, "every");
}
