// The send path over TCP against a started Broker: Java-style V1 and V2 requests through the
// RemotingClient, an ali-ons-style V2 frame whose extFields are JSON numbers and booleans,
// batches, auto-creation, permission and size refusals, and SYNC_FLUSH.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import {
  encodeBatchBody,
  formatProperties,
  RequestCode,
  ResponseCode,
  silentLogger,
} from "../../src/common/index.ts";
import { RemotingClient, request, type RemotingCommand } from "../../src/remoting/index.ts";
import { Broker, encodeSendHeaderV2, type SendHeader } from "../../src/broker/index.ts";
import { RawPeer } from "../remoting/raw-peer.ts";
import { bytes, jsonHeaderFrame, sendHeader, tempDir, testBrokerInit } from "./send-harness.ts";

const dir = tempDir("mq-send-tcp-");
const broker = new Broker(testBrokerInit(`${dir.path}/async`));
const syncBroker = new Broker(testBrokerInit(`${dir.path}/sync`, { flushDiskType: "SYNC_FLUSH" }));
const client = new RemotingClient({ log: silentLogger });

beforeAll(async () => {
  await broker.start();
  await syncBroker.start();
});

afterAll(async () => {
  client.close();
  await broker.stop();
  await syncBroker.stop();
  dir.remove();
});

const header = (overrides: Partial<SendHeader> = {}): SendHeader =>
  sendHeader({ topic: "TcpTopic", properties: formatProperties({ TAGS: "A", WAIT: "true" }), ...overrides });

const invoke = (b: Broker, cmd: RemotingCommand) => client.invoke(b.brokerAddr, cmd, 3000);

/** A JSON frame written by hand, the way ali-ons writes it: numbers and booleans stay JSON types. */
const aliOnsFrame = (opaque: number, extFields: Record<string, string | number | boolean>, body: Uint8Array): Uint8Array =>
  jsonHeaderFrame({ code: RequestCode.SEND_MESSAGE_V2, language: "JAVA", opaque, flag: 0, version: 121, extFields }, body);

describe("sending over TCP", () => {
  test("SEND_MESSAGE (V1) auto-creates the topic and answers SEND_OK with string extFields", async () => {
    const res = await invoke(broker, request(RequestCode.SEND_MESSAGE, { ...header() }, bytes("v1")));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields).toMatchObject({ queueId: "0", queueOffset: "0", MSG_REGION: "DefaultRegion", TRACE_ON: "true" });
    expect(res.extFields.msgId).toHaveLength(32);
    expect(broker.context.topics.get("TcpTopic")).toMatchObject({ writeQueueNums: 4, perm: 6 });
  });

  test("SEND_MESSAGE_V2 with ali-ons-style numeric and boolean extFields is stored", async () => {
    const peer = await RawPeer.connect(broker.port);
    try {
      const ext = { a: "pg", b: "TcpTopic", c: "TBW102", d: 4, e: 1, f: 0, g: Date.now(), h: 0, i: "TAGS\u0001B\u0002", j: 0, k: false, l: 16 };
      peer.write(aliOnsFrame(77, ext, bytes("from ali-ons")));
      const [res] = await peer.waitFrames(1);
      expect(res?.opaque).toBe(77);
      expect(res?.code).toBe(ResponseCode.SUCCESS);
      expect(res?.extFields.queueId).toBe("1");
      expect(typeof res?.extFields.queueOffset).toBe("string");
    } finally {
      peer.socket.destroy();
    }
  });

  test("twenty ali-ons frames in one socket read are stored with one commitlog write and answered with one socket write per turn, not one per frame", async () => {
    const peer = await RawPeer.connect(broker.port);
    const writeSync = fs.writeSync;
    let writes = 0;
    try {
      const ext = { a: "pg", b: "TcpTopic", c: "TBW102", d: 4, e: 1, f: 0, g: Date.now(), h: 0, i: "TAGS\u0001B\u0002", j: 0, k: false, l: 16 };
      peer.write(aliOnsFrame(999, ext, bytes("the topic exists from here on")));
      await peer.waitFrames(1);
      const frames = Array.from({ length: 20 }, (_, n) => aliOnsFrame(1000 + n, ext, bytes(`one read ${n}`)));
      const chunksBefore = peer.chunks;
      fs.writeSync = ((...args: Parameters<typeof fs.writeSync>) => (writes++, writeSync(...args))) as typeof fs.writeSync;
      peer.write(Buffer.concat(frames)); // ~8 KiB: one segment on loopback, one read for the broker
      const replies = (await peer.waitFrames(21)).slice(1);
      expect(replies.map((r) => [r.opaque, r.code])).toEqual(frames.map((_, n) => [1000 + n, ResponseCode.SUCCESS]));
      // One of each per turn of the broker's loop: one turn on an idle machine; a loaded one may
      // split the twenty over a few (a connection's turn ends after 5 ms), never one per frame.
      expect(writes).toBeLessThanOrEqual(3);
      expect(peer.chunks - chunksBefore).toBeLessThanOrEqual(3);
    } finally {
      fs.writeSync = writeSync;
      peer.socket.destroy();
    }
  });

  test("SEND_BATCH_MESSAGE stores all elements and answers one msgId per element", async () => {
    const body = encodeBatchBody([1, 2, 3, 4].map((n) => ({ flag: 0, body: bytes(`m${n}`), properties: "" })));
    const res = await invoke(broker, request(RequestCode.SEND_BATCH_MESSAGE, encodeSendHeaderV2(header({ queueId: 2, batch: true })), body));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.msgId?.split(",")).toHaveLength(4);
  });

  test("a topic made read-only by UPDATE_AND_CREATE_TOPIC refuses sends with NO_PERMISSION", async () => {
    const update = request(RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic: "ReadOnlyTopic",
      defaultTopic: "TBW102",
      readQueueNums: 2,
      writeQueueNums: 2,
      perm: 4,
      topicFilterType: "SINGLE_TAG",
      order: false,
    });
    expect((await invoke(broker, update)).code).toBe(ResponseCode.SUCCESS);
    const res = await invoke(broker, request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header({ topic: "ReadOnlyTopic" })), bytes("x")));
    expect(res.code).toBe(ResponseCode.NO_PERMISSION);
    expect(res.remark).toContain("ReadOnlyTopic");
  });

  test("an oversize body is refused with MESSAGE_ILLEGAL and the reason", async () => {
    const res = await invoke(broker, request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header()), new Uint8Array(70_000)));
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(res.remark).toContain("maxMessageSize");
  });

  test("a SYNC_FLUSH broker answers SEND_OK", async () => {
    const res = await invoke(syncBroker, request(RequestCode.SEND_MESSAGE_V2, encodeSendHeaderV2(header()), bytes("durable")));
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields.queueOffset).toBe("0");
  });
});
