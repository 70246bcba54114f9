// ROCKETMQ binary header (serializeType 1), big-endian (RocketMQSerializable):
//
//   offset  size  field
//   0       2     code             int16 (codes above 32767 cannot be written this way)
//   2       1     language         LanguageCode byte (JAVA=0 .. RUST=12, NODE_JS=13)
//   3       2     version          int16
//   5       4     opaque           int32
//   9       4     flag             int32
//   13      4     remarkLength     int32, 0 = no remark
//   17      R     remark           UTF-8
//   17+R    4     extFieldsLength  int32, byte length of all the pairs below
//   21+R    E     pairs, repeated: keyLength int16 + key UTF-8, valueLength int32 + value UTF-8
//
// Fixed part: 21 bytes. A zero-length remark reads as absent.
import type { RemotingCommand } from "./command.ts";
import { SerializeType } from "./command.ts";
import { FrameError } from "./frame-error.ts";
import { languageByte, languageName } from "./language.ts";
import { assert } from "../common/index.ts";

const FIXED_BYTES = 21;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function encodeBinaryHeader(cmd: RemotingCommand): Uint8Array {
  assert(cmd.code >= -0x8000 && cmd.code <= 0x7fff, `code ${cmd.code} does not fit the ROCKETMQ header`);
  const remark = cmd.remark === undefined ? undefined : textEncoder.encode(cmd.remark);
  const pairs: Uint8Array[] = [];
  let pairBytes = 0;
  for (const key in cmd.extFields) {
    const value = cmd.extFields[key];
    if (value === undefined || value === null) continue;
    const k = textEncoder.encode(key);
    const v = textEncoder.encode(String(value));
    pairs.push(k, v);
    pairBytes += 2 + k.length + 4 + v.length;
  }
  const out = new Uint8Array(FIXED_BYTES + (remark?.length ?? 0) + pairBytes);
  const view = new DataView(out.buffer);
  view.setInt16(0, cmd.code);
  view.setUint8(2, languageByte(cmd.language));
  view.setInt16(3, cmd.version);
  view.setInt32(5, cmd.opaque);
  view.setInt32(9, cmd.flag);
  let pos = 13;
  view.setInt32(pos, remark?.length ?? 0);
  pos += 4;
  if (remark) {
    out.set(remark, pos);
    pos += remark.length;
  }
  view.setInt32(pos, pairBytes);
  pos += 4;
  for (let i = 0; i < pairs.length; i += 2) {
    const k = pairs[i]!;
    const v = pairs[i + 1]!;
    view.setInt16(pos, k.length);
    out.set(k, pos + 2);
    pos += 2 + k.length;
    view.setInt32(pos, v.length);
    out.set(v, pos + 4);
    pos += 4 + v.length;
  }
  assert(pos === out.length, "binary header length mismatch");
  return out;
}

export function decodeBinaryHeader(bytes: Uint8Array): Omit<RemotingCommand, "body"> {
  if (bytes.length < FIXED_BYTES) throw new FrameError(`binary header too short: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cmd: Omit<RemotingCommand, "body"> = {
    code: view.getInt16(0),
    language: languageName(view.getUint8(2)),
    version: view.getInt16(3),
    opaque: view.getInt32(5),
    flag: view.getInt32(9),
    extFields: {},
    serializeType: SerializeType.ROCKETMQ,
  };
  const remarkBytes = view.getInt32(13);
  let pos = 17;
  if (remarkBytes < 0 || pos + remarkBytes + 4 > bytes.length) throw new FrameError("binary header remark length out of range");
  if (remarkBytes > 0) cmd.remark = textDecoder.decode(bytes.subarray(pos, pos + remarkBytes));
  pos += remarkBytes;
  const pairBytes = view.getInt32(pos);
  pos += 4;
  if (pairBytes < 0 || pos + pairBytes !== bytes.length) throw new FrameError("binary header extFields length mismatch");
  while (pos < bytes.length) {
    if (pos + 2 > bytes.length) throw new FrameError("binary header key length out of range");
    const keyBytes = view.getInt16(pos);
    pos += 2;
    if (keyBytes < 0 || pos + keyBytes + 4 > bytes.length) throw new FrameError("binary header key out of range");
    const key = textDecoder.decode(bytes.subarray(pos, pos + keyBytes));
    pos += keyBytes;
    const valueBytes = view.getInt32(pos);
    pos += 4;
    if (valueBytes < 0 || pos + valueBytes > bytes.length) throw new FrameError("binary header value out of range");
    if (key !== "__proto__") cmd.extFields[key] = textDecoder.decode(bytes.subarray(pos, pos + valueBytes));
    pos += valueBytes;
  }
  return cmd;
}
