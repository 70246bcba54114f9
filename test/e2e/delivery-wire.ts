// A raw remoting client for the delivery tests: sends with properties the ali-ons scripts cannot
// set (DELAY, UNIQ_KEY) and long-polls one queue, against the compiled broker.
import { formatProperties, RequestCode, ResponseCode, decodeRecords, type MessageRecord } from "../../src/common/index.ts";
import { RemotingClient, request } from "../../src/remoting/index.ts";
import { encodeSendHeaderV2 } from "../../src/broker/index.ts";
import { silentLogger } from "../../src/common/index.ts";

export class Wire {
  readonly client = new RemotingClient({ log: silentLogger });
  constructor(readonly brokerAddr: string) {}

  async send(topic: string, body: string, properties: Record<string, string>, queueId = 0): Promise<{ msgId: string }> {
    const ext = encodeSendHeaderV2({
      producerGroup: "PG_WIRE", topic, defaultTopic: "TBW102", defaultTopicQueueNums: 1, queueId, sysFlag: 0,
      bornTimestamp: Date.now(), flag: 0, properties: formatProperties(properties), reconsumeTimes: 0, unitMode: false,
      batch: false, maxReconsumeTimes: undefined,
    });
    const res = await this.client.invoke(this.brokerAddr, request(RequestCode.SEND_MESSAGE_V2, ext, new TextEncoder().encode(body)), 5000);
    if (res.code !== ResponseCode.SUCCESS) throw new Error(`send failed: ${res.code} ${res.remark}`);
    return { msgId: String(res.extFields.msgId) };
  }

  /** Long-polls queue 0 of topic from `from` until `count` messages were read (or timeoutMs passes). */
  async pullUntil(topic: string, count: number, timeoutMs: number, from = 0): Promise<MessageRecord[]> {
    const out: MessageRecord[] = [];
    const deadline = Date.now() + timeoutMs;
    let offset = from;
    while (out.length < count && Date.now() < deadline) {
      const res = await this.client.invoke(this.brokerAddr, request(RequestCode.PULL_MESSAGE, {
        consumerGroup: "GID_WIRE_PROBE", topic, queueId: 0, queueOffset: offset, maxMsgNums: 32, sysFlag: 6, commitOffset: 0,
        suspendTimeoutMillis: Math.max(1, Math.min(2000, deadline - Date.now())), subscription: "*", subVersion: 0, expressionType: "TAG",
      }), 10_000);
      if (res.code === ResponseCode.SUCCESS) out.push(...decodeRecords(res.body ?? new Uint8Array()));
      else if (res.code !== ResponseCode.PULL_NOT_FOUND && res.code !== ResponseCode.PULL_RETRY_IMMEDIATELY) {
        throw new Error(`pull failed: ${res.code} ${res.remark}`);
      }
      offset = Number(res.extFields.nextBeginOffset ?? offset);
    }
    return out;
  }

  close(): void {
    this.client.close();
  }
}
