// The remoting surface: frames, the codec, and the TCP server and client.
export * from "./command.ts";
export { encodeFrame, decodeFrame, FrameDecoder, MAX_FRAME_BYTES_DEFAULT } from "./codec.ts";
export { FrameError } from "./frame-error.ts";
export { notSupported } from "./channel.ts";
export { request, reply, nextOpaque, type ExtFieldsInit } from "./factory.ts";
export { ListenError } from "./listen-error.ts";
export { RemotingError, type RemotingErrorKind } from "./remoting-error.ts";
export type { Connection, Handler } from "./types.ts";
export { RemotingServer, OUTBOUND_BYTES_MAX_DEFAULT, type RemotingServerOptions } from "./server.ts";
export { FLOW_LIMITS_DEFAULT, type FlowLimits } from "./request-flow.ts";
export {
  OVERLOAD_REMARK, timeoutCleanQueueRemark, type RequestKind, type RequestKinds, type RequestQueueStats,
} from "./request-queues.ts";
export { RemotingClient, type RemotingClientOptions } from "./client.ts";
export {
  ACCESS_KEY, SIGNATURE, SECURITY_TOKEN, signedContent, hmacSignature, signRequest, hasValidSignature, secretsEqual, type Credentials,
} from "./signature.ts";
