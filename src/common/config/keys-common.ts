// Keys every role reads: the remoting server (RocketMQ's NettyServerConfig), the home directory
// and mq's own logging keys.
import { homedir } from "node:os";
import { join } from "node:path";
import { bool, int, oneOf, str } from "./spec.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export const commonKeys = {
  rocketmqHome: str("", "RocketMQ install directory (mq keeps nothing there)", { env: "ROCKETMQ_HOME", ignored: true }),
  logLevel: oneOf(LOG_LEVELS, "info", "lowest level written to stdout and the log file", { env: "MQ_LOG_LEVEL" }),
  logsDir: str(() => join(homedir(), "logs", "rocketmqlogs"), "directory of the log files (empty: stdout only)",
    { defaultText: "~/logs/rocketmqlogs", env: "MQ_LOGS_DIR" }),
  serverChannelMaxIdleTimeSeconds: int(120, "close a connection silent this long", { unit: "s", min: 0 }),
  serverOnewaySemaphoreValue: int(256, "oneway requests in flight per server", { min: 1 }),
  serverAsyncSemaphoreValue: int(64, "server-initiated requests in flight", { min: 1 }),
  serverWorkerThreads: int(8, "Netty worker threads (mq has one event loop)", { ignored: true }),
  serverSelectorThreads: int(3, "Netty selector threads (mq has one event loop)", { ignored: true }),
  serverCallbackExecutorThreads: int(0, "Netty callback threads (mq has one event loop)", { ignored: true }),
  serverSocketSndBufSize: int(0, "SO_SNDBUF (0: the OS default)", { unit: "bytes", ignored: true }),
  serverSocketRcvBufSize: int(0, "SO_RCVBUF (0: the OS default)", { unit: "bytes", ignored: true }),
  serverPooledByteBufAllocatorEnable: bool(true, "Netty buffer pooling", { ignored: true }),
  useEpollNativeSelector: bool(false, "Netty epoll", { ignored: true }),
} as const;
