// The transaction producer (Java's TransactionMQProducer): sends a half message, runs the local
// transaction, and ends it with END_TRANSACTION (oneway); answers the broker's check-backs
// (CHECK_TRANSACTION_STATE) with the listener's checkLocalTransaction. Any producer of the group
// may be asked, so every instance needs the same listener.
//
//   const producer = new TransactionProducer({ namesrvAddr, producerGroup: "pg" }, {
//     executeLocalTransaction: async (msg) => (await db.commitOrder(msg) ? "COMMIT_MESSAGE" : "ROLLBACK_MESSAGE"),
//     checkLocalTransaction: async (msg) => ((await db.orderExists(msg.keys)) ? "COMMIT_MESSAGE" : "UNKNOW"),
//   });
//   await producer.start();
//   const result = await producer.sendMessageInTransaction({ topic: "Orders", body: "..." }, order);
import {
  decodeCheckTransactionStateHeader,
  decodeOffsetMsgId,
  decodeRecords,
  endTransactionExtFields,
  MessageProperty,
  MessageSysFlag,
  physicalOffset,
  RequestCode,
  SystemTopic,
} from "../common/index.ts";
import { request, type Connection, type RemotingCommand } from "../remoting/index.ts";
import { toMessageExt } from "./decode-messages.ts";
import { ClientError } from "./errors.ts";
import type { Message, MessageExt, SendResult } from "./message.ts";
import { Producer, type ProducerOptions } from "./producer.ts";
import { sendRequest } from "./send-request.ts";

export type LocalTransactionState = "COMMIT_MESSAGE" | "ROLLBACK_MESSAGE" | "UNKNOW";

export interface TransactionListener {
  /** Runs the local transaction for a half message just stored; UNKNOW leaves it to the check-back. */
  executeLocalTransaction(message: Message, arg: unknown): LocalTransactionState | Promise<LocalTransactionState>;
  /** Says what became of the local transaction of a half message left open. */
  checkLocalTransaction(message: MessageExt): LocalTransactionState | Promise<LocalTransactionState>;
}

export interface TransactionSendResult extends SendResult {
  localTransactionState: LocalTransactionState;
  /** The half message's UNIQ_KEY. */
  transactionId: string;
}

const END_CODE: Readonly<Record<LocalTransactionState, number>> = {
  COMMIT_MESSAGE: MessageSysFlag.TRANSACTION_COMMIT,
  ROLLBACK_MESSAGE: MessageSysFlag.TRANSACTION_ROLLBACK,
  UNKNOW: MessageSysFlag.TRANSACTION_NOT,
};

export class TransactionProducer extends Producer {
  constructor(
    options: ProducerOptions,
    private readonly listener: TransactionListener,
  ) {
    super(options);
    this.core.onServerRequest(RequestCode.CHECK_TRANSACTION_STATE, (req, conn) => {
      void this.answerCheck(req, conn);
      return undefined;
    });
  }

  /** Starts as Producer does, after learning the brokers of TBW102's route (as Java's producer
   *  does through its publish table): check-backs reach only brokers a producer heartbeats to. */
  override async start(): Promise<void> {
    await this.core.route(SystemTopic.AUTO_CREATE).catch((err: unknown) => this.core.log.warn("no route for TBW102", { error: String(err) }));
    await super.start();
  }

  /** Sends `message` as a half message, runs the local transaction and ends it. A failed send
   *  throws and runs nothing; a listener that throws leaves the transaction UNKNOW. */
  async sendMessageInTransaction(message: Message, arg?: unknown): Promise<TransactionSendResult> {
    const m = this.prepare({ ...message, delayTimeLevel: undefined });
    m.properties.delete(MessageProperty.DELAY);
    m.properties.set(MessageProperty.TRAN_MSG, "true");
    m.properties.set(MessageProperty.PGROUP, this.options.producerGroup);
    m.prepared = true;
    const result = await this.sender.send(m.topic, [m.uniqKey], (q) => sendRequest(m, q, this.sender.settings));
    let state: LocalTransactionState;
    try {
      state = await this.listener.executeLocalTransaction(message, arg);
    } catch (err) {
      this.core.log.warn("executeLocalTransaction threw; the transaction is left to the check-back", { msgId: m.uniqKey, error: String(err) });
      state = "UNKNOW";
    }
    await this.endTransaction(result, m.topic, m.uniqKey, state);
    return { ...result, localTransactionState: state, transactionId: m.uniqKey };
  }

  private async endTransaction(result: SendResult, topic: string, uniqKey: string, state: LocalTransactionState): Promise<void> {
    const id = decodeOffsetMsgId(result.offsetMsgId);
    const addr = this.core.masterAddr(result.messageQueue.brokerName);
    if (id === undefined || addr === undefined) throw new ClientError(undefined, `cannot end transaction ${uniqKey}: no offsetMsgId or broker address`);
    // As Java 5.x: the topic and the broker's name (bname) too.
    const cmd = request(RequestCode.END_TRANSACTION, endTransactionExtFields({
      producerGroup: this.options.producerGroup,
      tranStateTableOffset: result.queueOffset,
      commitLogOffset: physicalOffset(id.physicalOffset),
      commitOrRollback: END_CODE[state],
      fromTransactionCheck: false,
      msgId: uniqKey,
      transactionId: uniqKey,
      topic,
      brokerName: result.messageQueue.brokerName,
    }));
    await this.core.remoting.invokeOneway(addr, cmd);
  }

  private async answerCheck(req: RemotingCommand, conn: Connection): Promise<void> {
    const h = decodeCheckTransactionStateHeader(req.extFields);
    const record = req.body === undefined ? undefined : decodeRecords(req.body)[0];
    if (record === undefined) return;
    const message = toMessageExt(record, h.brokerName ?? "");
    let state: LocalTransactionState;
    try {
      state = await this.listener.checkLocalTransaction(message);
    } catch (err) {
      this.core.log.warn("checkLocalTransaction threw; the broker will ask again", { msgId: h.msgId, error: String(err) });
      state = "UNKNOW";
    }
    const end = request(RequestCode.END_TRANSACTION, endTransactionExtFields({
      producerGroup: message.properties[MessageProperty.PGROUP] ?? this.options.producerGroup,
      tranStateTableOffset: h.tranStateTableOffset,
      commitLogOffset: h.commitLogOffset,
      commitOrRollback: END_CODE[state],
      fromTransactionCheck: true,
      msgId: h.msgId ?? message.msgId,
      transactionId: h.transactionId,
      topic: h.topic,
      brokerName: h.brokerName,
    }));
    if (!conn.closed) conn.invokeOneway(end);
  }
}
