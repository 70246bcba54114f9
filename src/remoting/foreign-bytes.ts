// What a peer that does not speak RocketMQ's remoting protocol most often sends first, read from
// the 4 bytes the decoder took for a frame length: a TLS ClientHello (a client with TLS on; mq has
// no TLS) or an HTTP request (a browser or curl on the wrong port). Only the error path reads it.

const HTTP_METHODS = ["GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN", "TRAC"];
const HTTP_METHOD_BY_WORD = new Map(HTTP_METHODS.map((m) => [wordOf(m), m.trim()]));

function wordOf(text: string): number {
  return ((text.charCodeAt(0) << 24) | (text.charCodeAt(1) << 16) | (text.charCodeAt(2) << 8) | text.charCodeAt(3)) >>> 0;
}

/** "; these bytes open a TLS handshake: …", or "" when the word is no protocol mq knows. */
export function foreignProtocolHint(firstWord: number): string {
  // TLS record: content type 22 (handshake), then version 3.x.
  if (firstWord >>> 24 === 0x16 && ((firstWord >>> 16) & 0xff) === 0x03) {
    return "; these bytes open a TLS handshake: this port takes RocketMQ's remoting protocol over plain TCP (turn TLS off in the client)";
  }
  const method = HTTP_METHOD_BY_WORD.get(firstWord);
  if (method !== undefined) {
    return `; these bytes open an HTTP request (${method}): this port takes RocketMQ's remoting protocol, not HTTP (the console and /metrics are on consolePort)`;
  }
  return "";
}
