// `haStatus -b addr | -c cluster` (mqadmin 5.x): GET_BROKER_HA_STATUS of each broker. With -c
// mq asks every broker of the cluster, slaves too (mqadmin asks the masters only), so a slave
// that refused to follow shows why.
import { decodeHaRuntimeInfo, RequestCode, type HaRuntimeInfo } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";
import { eachTarget, type BrokerTarget } from "./targets.ts";

export function haStatus(ctx: AdminContext, target: BrokerTarget): Promise<Array<[string, HaRuntimeInfo]>> {
  return eachTarget(ctx, target, async (addr): Promise<[string, HaRuntimeInfo]> =>
    [addr, decodeHaRuntimeInfo((await invokeOk(ctx, addr, RequestCode.GET_BROKER_HA_STATUS)).body)], undefined, "every");
}
