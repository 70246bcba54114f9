// mqadmin producer: GET_ALL_PRODUCER_INFO (328), a ProducerTableInfo of every group's producers on
// one broker.
import { RequestCode, decodeProducerTableInfo, type ProducerInfo } from "../common/index.ts";
import { invokeOk, type AdminContext } from "./context.ts";

export async function producerInfo(ctx: AdminContext, brokerAddr: string): Promise<Record<string, ProducerInfo[]>> {
  return decodeProducerTableInfo((await invokeOk(ctx, brokerAddr, RequestCode.GET_ALL_PRODUCER_INFO)).body);
}
