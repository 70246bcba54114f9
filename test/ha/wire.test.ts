import { expect, test } from "bun:test";
import { encodeReport, encodeTransferHeader, ReportReader, TransferDecoder } from "../../src/ha/index.ts";

test("a report is the slave's max physical offset as 8 big-endian bytes", () => {
  expect([...encodeReport(0x0102030405)]).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
});

test("the master takes the last whole report however the bytes are split", () => {
  const reader = new ReportReader();
  const stream = new Uint8Array([...encodeReport(100), ...encodeReport(200), ...encodeReport(300)]);
  expect(reader.push(stream.subarray(0, 5))).toBeUndefined();
  expect(reader.push(stream.subarray(5, 17))).toBe(200);
  expect(reader.push(stream.subarray(17, 23))).toBeUndefined();
  expect(reader.push(stream.subarray(23))).toBe(300);
});

test("a transfer header is the 8-byte offset then the 4-byte body size", () => {
  expect([...encodeTransferHeader(2 ** 33, 32768)]).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0x80, 0]);
});

test("the slave decodes transfers and heartbeats split at every byte", () => {
  const body = new Uint8Array(1000).map((_, i) => i % 251);
  const stream = new Uint8Array([...encodeTransferHeader(4096, 0), ...encodeTransferHeader(4096, body.length), ...body, ...encodeTransferHeader(5096, 3), 7, 8, 9]);
  for (const step of [1, 7, 13, 500, stream.length]) {
    const decoder = new TransferDecoder(4096);
    const got: { offset: number; body: number[] }[] = [];
    for (let at = 0; at < stream.length; at += step) {
      for (const t of decoder.push(stream.subarray(at, at + step))) got.push({ offset: t.offset, body: [...t.body] });
    }
    expect(got).toEqual([{ offset: 4096, body: [] }, { offset: 4096, body: [...body] }, { offset: 5096, body: [7, 8, 9] }]);
  }
});

test("a body larger than the slave accepts is a protocol error, not a huge allocation", () => {
  const decoder = new TransferDecoder(1024);
  expect(() => decoder.push(encodeTransferHeader(0, 0x7fffffff))).toThrow("bad HA transfer header");
});
