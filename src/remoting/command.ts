// The RemotingCommand model shared by the codec, the server and the client.
// Frame and header byte layouts are written out in codec.ts.

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeType = (typeof SerializeType)[keyof typeof SerializeType];

/** flag bit 0: this frame is a response; bit 1: a oneway request (no reply is sent). */
export const FLAG_RESPONSE = 1;
export const FLAG_ONEWAY = 2;

export interface RemotingCommand {
  /** Request code in a request, response code in a response. */
  code: number;
  /** LanguageCode name, e.g. "JAVA". mq writes "JAVA" so every client accepts its frames. */
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark?: string;
  /** Custom header fields. Always strings once decoded, whatever JSON type the sender used. */
  extFields: Record<string, string>;
  body?: Uint8Array;
  /** Set by a sender that hands body over: the frame may keep body (unwritten) until the socket
   *  takes it, and the bodyHeadroom bytes just before it in its buffer are free for the frame's
   *  length prefix and header, so that a large frame goes out without a copy (channel.ts). */
  bodyHeadroom?: number;
  /** Called once nothing refers to body any more: the socket took the whole frame, or the body
   *  was copied into it. Not called when the connection closes first. */
  bodyRelease?: () => void;
  /** How the header was (or will be) serialized; a reply uses its request's. */
  serializeType: SerializeType;
}

export const isResponse = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_RESPONSE) !== 0;
export const isOneway = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_ONEWAY) !== 0;
