// The SEND_BATCH_MESSAGE body (MessageDecoder.encodeMessages): one element per message,
// concatenated, big-endian:
//
//   size  field
//    4    TOTALSIZE        length of this element
//    4    MAGICCODE        written 0 by clients; ignored
//    4    BODYCRC          written 0 by clients; the broker recomputes it
//    4    FLAG
//   4+n   BODY             int32 length + bytes
//   2+p   PROPERTIES       int16 length + UTF-8 properties string

export interface BatchElement {
  flag: number;
  body: Uint8Array;
  properties: string;
}

const utf8Decoder = new TextDecoder();

/** Splits a batch body; throws on a malformed element (the broker answers MESSAGE_ILLEGAL). */
export function decodeBatchBody(bytes: Uint8Array): BatchElement[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: BatchElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 22 > bytes.length) throw new Error(`batch element at ${at} is truncated`);
    const totalSize = view.getInt32(at);
    const flag = view.getInt32(at + 12);
    const bodyLength = view.getInt32(at + 16);
    if (bodyLength < 0 || at + 20 + bodyLength + 2 > bytes.length) throw new Error(`batch body at ${at} is truncated`);
    const body = bytes.subarray(at + 20, at + 20 + bodyLength);
    const propertiesAt = at + 20 + bodyLength;
    const propertiesLength = view.getUint16(propertiesAt);
    const end = propertiesAt + 2 + propertiesLength;
    if (end > bytes.length) throw new Error(`batch properties at ${at} are truncated`);
    if (totalSize !== end - at) throw new Error(`batch element at ${at} says ${totalSize} bytes, holds ${end - at}`);
    elements.push({ flag, body, properties: utf8Decoder.decode(bytes.subarray(propertiesAt + 2, end)) });
    at = end;
  }
  return elements;
}

/** Encodes a batch body (the client's side of SEND_BATCH_MESSAGE). */
export function encodeBatchBody(elements: readonly BatchElement[]): Uint8Array {
  const utf8 = new TextEncoder();
  const encoded = elements.map((e) => ({ ...e, propertiesBytes: utf8.encode(e.properties) }));
  const total = encoded.reduce((sum, e) => sum + 22 + e.body.length + e.propertiesBytes.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const e of encoded) {
    const size = 22 + e.body.length + e.propertiesBytes.length;
    view.setInt32(at, size);
    view.setInt32(at + 12, e.flag);
    view.setInt32(at + 16, e.body.length);
    bytes.set(e.body, at + 20);
    view.setInt16(at + 20 + e.body.length, e.propertiesBytes.length);
    bytes.set(e.propertiesBytes, at + 22 + e.body.length);
    at += size;
  }
  return bytes;
}
