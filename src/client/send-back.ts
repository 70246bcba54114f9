// Hands a message the listener failed back to the broker (Java sendMessageBack): first
// CONSUMER_SEND_MSG_BACK to the master that holds it (the broker copies it to %RETRY%<group>, or
// to %DLQ%<group> when it is out of reconsumes or delayLevel is -1); when that fails, a plain send
// to %RETRY%<group> carrying RETRY_TOPIC, RECONSUME_TIME and MAX_RECONSUME_TIMES, which the
// broker diverts to the DLQ itself when the count is over the limit or the group holds queue locks.
import { MessageProperty, retryTopicOf } from "../common/index.ts";
import { consumerSendMsgBack } from "./broker-api.ts";
import type { ClientCore } from "./client-core.ts";
import type { MessageExt } from "./message.ts";
import { CLIENT_INNER_PRODUCER_GROUP } from "./producer.ts";
import { MESSAGE_BYTES_MAX_DEFAULT, prepareMessage, sendRequest } from "./send-request.ts";
import { Sender } from "./sender.ts";

const SEND_BACK_TIMEOUT_MS = 5000;

export class SendBack {
  private readonly sender: Sender;

  constructor(
    private readonly core: ClientCore,
    private readonly group: string,
  ) {
    this.sender = new Sender(core, {
      producerGroup: CLIENT_INNER_PRODUCER_GROUP,
      sendMsgTimeoutMs: 3000,
      retryTimesWhenSendFailed: 2,
      compressMsgBodyOverHowmuch: 4096,
      defaultTopicQueueNums: 4,
      maxMessageBytes: MESSAGE_BYTES_MAX_DEFAULT,
    });
  }

  /** true once the broker has the copy; false when both ways failed (consume it again locally). */
  async send(msg: MessageExt, delayLevel: number, maxReconsumeTimes: number): Promise<boolean> {
    try {
      const addr = this.core.masterAddr(msg.brokerName) ?? msg.storeHost;
      await consumerSendMsgBack(this.core.remoting, addr, {
        commitLogOffset: msg.commitLogOffset,
        group: this.group,
        delayLevel,
        originMsgId: msg.msgId,
        originTopic: msg.topic,
        maxReconsumeTimes,
      }, SEND_BACK_TIMEOUT_MS);
      return true;
    } catch (err) {
      this.core.log.warn("send back failed; sending to the retry topic", { msgId: msg.msgId, error: String(err) });
    }
    try {
      const properties: Record<string, string> = {
        ...msg.properties,
        [MessageProperty.RETRY_TOPIC]: msg.topic,
        [MessageProperty.RECONSUME_TIME]: String(msg.reconsumeTimes + 1),
        [MessageProperty.MAX_RECONSUME_TIMES]: String(maxReconsumeTimes),
        [MessageProperty.ORIGIN_MESSAGE_ID]: msg.properties[MessageProperty.ORIGIN_MESSAGE_ID] ?? msg.msgId,
      };
      const retry = { topic: retryTopicOf(this.group), body: msg.body, properties, flag: msg.flag, delayTimeLevel: 3 + msg.reconsumeTimes };
      const m = prepareMessage(retry, () => this.core.uniqIds.next(), MESSAGE_BYTES_MAX_DEFAULT);
      await this.sender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.sender.settings));
      return true;
    } catch (err) {
      this.core.log.warn("retry send failed; consuming again locally", { msgId: msg.msgId, error: String(err) });
      return false;
    }
  }
}
