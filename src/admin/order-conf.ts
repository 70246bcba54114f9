// updateOrderConf: an order topic's queue layout ("brokerName:queueNums;..."), kept by the name
// servers under the ORDER_TOPIC_CONFIG namespace: GET_KV_CONFIG from the first that answers,
// PUT_KV_CONFIG and DELETE_KV_CONFIG on every one.
import { NAMESPACE_ORDER_TOPIC_CONFIG, RequestCode } from "../common/index.ts";
import { invokeAllNamesrvs, invokeNamesrv, type AdminContext } from "./context.ts";

export async function getOrderConf(ctx: AdminContext, topic: string): Promise<string> {
  const res = await invokeNamesrv(ctx, RequestCode.GET_KV_CONFIG, { namespace: NAMESPACE_ORDER_TOPIC_CONFIG, key: topic });
  return res.extFields.value ?? "";
}

export async function putOrderConf(ctx: AdminContext, topic: string, value: string): Promise<void> {
  await invokeAllNamesrvs(ctx, RequestCode.PUT_KV_CONFIG, { namespace: NAMESPACE_ORDER_TOPIC_CONFIG, key: topic, value });
}

export async function deleteOrderConf(ctx: AdminContext, topic: string): Promise<void> {
  await invokeAllNamesrvs(ctx, RequestCode.DELETE_KV_CONFIG, { namespace: NAMESPACE_ORDER_TOPIC_CONFIG, key: topic });
}
