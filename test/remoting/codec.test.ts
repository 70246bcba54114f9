import { describe, expect, test } from "bun:test";
import {
  decodeFrame,
  encodeFrame,
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  FrameDecoder,
  FrameError,
  reply,
  request,
  SerializeType,
  type RemotingCommand,
} from "../../src/remoting/index.ts";

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/[\s|]/g, ""), "hex"));
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));
const decodeOne = (frame: Uint8Array): RemotingCommand => {
  const cmds = new FrameDecoder().push(frame);
  expect(cmds).toHaveLength(1);
  return cmds[0]!;
};

function sample(serializeType: SerializeType): RemotingCommand {
  return {
    code: 310,
    language: "JAVA",
    version: 409,
    opaque: -123456,
    flag: FLAG_ONEWAY,
    remark: "héllo wörld ✓ 消息",
    extFields: { topic: "TopicTest", 标签: "值", empty: "" },
    body: new Uint8Array([0, 1, 2, 255]),
    serializeType,
  };
}

describe("codec round trips", () => {
  for (const [name, type] of [["JSON", SerializeType.JSON], ["ROCKETMQ", SerializeType.ROCKETMQ]] as const) {
    test(`${name}: every field survives encode and decode`, () => {
      const cmd = sample(type);
      const back = decodeOne(encodeFrame(cmd));
      expect(back).toEqual({ ...cmd, body: back.body });
      expect(Array.from(back.body!)).toEqual([0, 1, 2, 255]);
    });

    test(`${name}: no body and no remark decode as absent`, () => {
      const cmd = { ...sample(type), body: undefined, remark: undefined, extFields: {} };
      const back = decodeOne(encodeFrame(cmd));
      expect(back.body).toBeUndefined();
      expect(back.remark).toBeUndefined();
      expect(back.extFields).toEqual({});
    });

    test(`${name}: headers larger than any before, and short values repeated, read back exactly`, () => {
      const long = "x".repeat(5000) + "é".repeat(3000);
      for (const value of ["0", "false", long, "0", "fałse", "false", long.slice(0, 20), "0"]) {
        const cmd = { ...sample(type), remark: long, extFields: { a: value, [value.slice(0, 30)]: value } };
        const back = decodeOne(encodeFrame(cmd));
        expect(back.extFields).toEqual(cmd.extFields);
        expect(back.remark).toBe(long);
      }
    });

    test(`${name}: an empty body is the same as no body`, () => {
      const back = decodeOne(encodeFrame({ ...sample(type), body: new Uint8Array(0) }));
      expect(back.body).toBeUndefined();
    });
  }

  test("request() and reply() fill the defaults clients expect", () => {
    const req = request(105, { topic: "T", queueId: 0, order: false, skip: undefined });
    expect(req).toMatchObject({ code: 105, language: "JAVA", version: 409, flag: 0, serializeType: SerializeType.JSON });
    expect(req.extFields).toEqual({ topic: "T", queueId: "0", order: "false" });
    expect(request(1).opaque).not.toBe(req.opaque);
    const res = reply(17, { remark: "no topic" });
    expect(res.flag & FLAG_RESPONSE).toBe(FLAG_RESPONSE);
    expect(res.remark).toBe("no topic");
  });

  test("a code above int16 cannot go into a ROCKETMQ header but can into JSON", () => {
    const cmd = { ...request(200050), serializeType: SerializeType.ROCKETMQ };
    expect(() => encodeFrame(cmd)).toThrow();
    expect(decodeOne(encodeFrame(request(200050))).code).toBe(200050);
  });
});

describe("golden bytes from the reference byte tables", () => {
  test("ROCKETMQ request: GET_ROUTEINFO_BY_TOPIC, the reference's worked example", () => {
    const frame = hex(`00 00 00 2d | 01 00 00 29 | 00 69 | 00 | 01 99 | 00 00 00 01 | 00 00 00 00 | 00 00 00 00 |
      00 00 00 14 | 00 05 74 6f 70 69 63 | 00 00 00 09 54 6f 70 69 63 54 65 73 74`);
    const cmd: RemotingCommand = {
      code: 105, language: "JAVA", version: 409, opaque: 1, flag: 0,
      extFields: { topic: "TopicTest" }, serializeType: SerializeType.ROCKETMQ,
    };
    expect(Buffer.from(encodeFrame(cmd)).toString("hex")).toBe(Buffer.from(frame).toString("hex"));
    expect(decodeOne(frame)).toEqual(cmd);
  });

  test("ROCKETMQ response with remark, one pair and a body", () => {
    const frame = hex(`00 00 00 30 | 01 00 00 2a | 00 00 | 00 | 01 99 | 00 00 00 07 | 00 00 00 01 |
      00 00 00 02 6f 6b | 00 00 00 13 | 00 0b 71 75 65 75 65 4f 66 66 73 65 74 | 00 00 00 02 31 32 | 68 69`);
    const cmd = decodeOne(frame);
    expect(cmd).toMatchObject({
      code: 0, language: "JAVA", version: 409, opaque: 7, flag: 1, remark: "ok",
      extFields: { queueOffset: "12" }, serializeType: SerializeType.ROCKETMQ,
    });
    expect(Buffer.from(cmd.body!).toString()).toBe("hi");
    expect(Buffer.from(encodeFrame(cmd)).equals(Buffer.from(frame))).toBe(true);
  });

  test("JSON request: Java 4.9.8 GET_ROUTEINFO_BY_TOPIC, 131-byte header", () => {
    const header =
      '{"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":1,' +
      '"serializeTypeCurrentRPC":"JSON","version":409}';
    const frame = concat(hex("00 00 00 87 00 00 00 83"), ascii(header));
    const cmd: RemotingCommand = {
      code: 105, language: "JAVA", version: 409, opaque: 1, flag: 0,
      extFields: { topic: "TopicTest" }, serializeType: SerializeType.JSON,
    };
    expect(Buffer.from(encodeFrame(cmd)).equals(Buffer.from(frame))).toBe(true);
    expect(decodeOne(frame)).toEqual(cmd);
  });

  test("JSON response with remark and body, fields in fastjson's alphabetical order", () => {
    const header =
      '{"code":0,"extFields":{"queueId":"1","msgId":"AB"},"flag":1,"language":"JAVA","opaque":7,' +
      '"remark":"ok","serializeTypeCurrentRPC":"JSON","version":409}';
    const frame = concat(hex("00 00 00 9c 00 00 00 96"), ascii(header), ascii("hi"));
    const cmd = decodeOne(frame);
    expect(cmd).toMatchObject({ code: 0, flag: 1, opaque: 7, remark: "ok", extFields: { queueId: "1", msgId: "AB" } });
    expect(Buffer.from(encodeFrame(cmd)).equals(Buffer.from(frame))).toBe(true);
  });
});

describe("frames as real clients send them", () => {
  test("ali-ons: numeric and boolean extFields read back as strings", () => {
    const header = '{"code":11,"extFields":{"queueId":0,"k":false,"g":1700000000000,"n":null},"flag":0,"language":"JAVA","opaque":5,"version":121}';
    const frame = concat(hex("00 00 00 82 00 00 00 7e"), ascii(header));
    expect(header.length).toBe(0x7e);
    expect(decodeOne(frame).extFields).toEqual({ queueId: "0", k: "false", g: "1700000000000" });
  });

  test("Go: no serializeTypeCurrentRPC, language GO, version 317", () => {
    const header = '{"code":10,"extFields":{"queueId":"0","topic":"T"},"flag":0,"language":"GO","opaque":3,"version":317}';
    const cmd = decodeOne(concat(hex("00 00 00 69 00 00 00 65"), ascii(header)));
    expect(cmd).toEqual({
      code: 10, language: "GO", version: 317, opaque: 3, flag: 0,
      extFields: { queueId: "0", topic: "T" }, serializeType: SerializeType.JSON,
    });
  });

  test("Java with ROCKETMQ serialization: string pairs, language byte 9 reads as GO", () => {
    const frame = hex(`00 00 00 22 | 01 00 00 1e | 00 0a | 09 | 01 3d | 00 00 00 03 | 00 00 00 02 | 00 00 00 00 |
      00 00 00 09 | 00 01 71 | 00 00 00 02 31 35`);
    expect(decodeOne(frame)).toEqual({
      code: 10, language: "GO", version: 317, opaque: 3, flag: FLAG_ONEWAY,
      extFields: { q: "15" }, serializeType: SerializeType.ROCKETMQ,
    });
  });
});

describe("FrameDecoder streaming", () => {
  const frames = [sample(SerializeType.JSON), sample(SerializeType.ROCKETMQ), request(34)].map(encodeFrame);
  const stream = concat(...frames);

  test("a stream split into 1-byte chunks decodes every frame", () => {
    const decoder = new FrameDecoder();
    const out: RemotingCommand[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...decoder.push(stream.subarray(i, i + 1)));
    expect(out.map((c) => c.code)).toEqual([310, 310, 34]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  test("many frames in one chunk decode at once", () => {
    const many = concat(...Array.from({ length: 100 }, () => stream));
    expect(new FrameDecoder().push(many)).toHaveLength(300);
  });

  test("every split point of the stream decodes the same frames", () => {
    for (let cut = 1; cut < stream.length; cut += 7) {
      const decoder = new FrameDecoder();
      const out = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(out.map((c) => c.serializeType)).toEqual([0, 1, 0]);
    }
  });
});

describe("malformed frames throw FrameError", () => {
  const cases: Array<[string, Uint8Array]> = [
    ["length below 4", hex("00 00 00 03 00 00 00")],
    ["header length past the frame", hex("00 00 00 08 00 00 00 10 7b 7d 00 00")],
    ["bad JSON", concat(hex("00 00 00 07 00 00 00 03"), ascii("{x}"))],
    ["JSON header that is not an object", concat(hex("00 00 00 06 00 00 00 02"), ascii("[]"))],
    ["JSON header without a code", concat(hex("00 00 00 0e 00 00 00 0a"), ascii('{"flag":0}'))],
    ["unknown serialize type", hex("00 00 00 06 02 00 00 02 7b 7d")],
    ["binary header shorter than 21 bytes", hex("00 00 00 08 01 00 00 04 00 01 02 03")],
    ["binary remark length past the header", hex(`00 00 00 19 01 00 00 15 00 01 00 01 99 00 00 00 01 00 00 00 00 7f ff ff ff 00 00 00 00`)],
    ["binary pair length mismatch", hex(`00 00 00 19 01 00 00 15 00 01 00 01 99 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 05`)],
    ["oversized length", hex("01 00 00 00 00 00 00 00")],
  ];
  for (const [name, frame] of cases) {
    test(name, () => {
      const decoder = new FrameDecoder();
      expect(() => decoder.push(frame)).toThrow(FrameError);
      expect(() => decoder.push(encodeFrame(request(1)))).toThrow(FrameError);
    });
  }

  test("a frame over maxFrameBytes is refused before its bytes arrive", () => {
    const decoder = new FrameDecoder(1024);
    expect(() => decoder.push(hex("00 00 04 00"))).toThrow(/exceeds/);
    expect(() => decodeFrame(hex("00 00"))).toThrow(FrameError);
  });
});

test("a FrameError carries the commands decoded before the bad frame", () => {
  const good = encodeFrame(request(10));
  const chunk = Buffer.concat([good, good, Buffer.from("0000000300", "hex")]);
  try {
    new FrameDecoder().push(chunk);
    throw new Error("no FrameError");
  } catch (err) {
    expect(err).toBeInstanceOf(FrameError);
    expect((err as FrameError).decoded.map((c) => c.code)).toEqual([10, 10]);
  }
});

describe("a header too large to be a RocketMQ request is refused before it is read", () => {
  const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
  const frameOf = (n: number, serializeType: SerializeType) => encodeFrame({ ...request(10, fields(n)), serializeType });

  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    test(`serializeType ${serializeType}: 1024 extFields are read, 1025 are a FrameError naming the limit`, () => {
      expect(Object.keys(decodeFrame(frameOf(1024, serializeType).subarray(4)).extFields)).toHaveLength(1024);
      expect(() => decodeFrame(frameOf(1025, serializeType).subarray(4))).toThrow("header has more than 1024 extFields");
    });
  }

  test("JSON.parse's path (a header the scanner leaves to it) has the same extFields limit", () => {
    const text = `{"code":10,"extFields":{"a":null,"a":"1",${Array.from({ length: 1100 }, (_, i) => `"k${i}":"v"`).join(",")}}}`;
    const header = new TextEncoder().encode(text);
    const frame = new Uint8Array(4 + header.length);
    new DataView(frame.buffer).setUint32(0, header.length);
    frame.set(header, 4);
    expect(() => decodeFrame(frame)).toThrow("header has more than 1024 extFields");
  });

  test("a header over 512 KiB is a FrameError before any of it is parsed", () => {
    const frame = encodeFrame({ ...request(10, { big: "x".repeat(600 * 1024) }), serializeType: SerializeType.JSON });
    expect(() => decodeFrame(frame.subarray(4))).toThrow(/^header of \d+ bytes exceeds the 524288-byte limit/);
  });
});
