// Keys every role reads: the remoting server (RocketMQ's NettyServerConfig), the home directory
// and mq's own logging keys.
import { homedir } from "node:os";
import { join } from "node:path";
import { bool, int, oneOf, str } from "./spec.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export const commonKeys = {
  rocketmqHome: str("", "RocketMQ's install directory; mq reads only conf/plain_acl.yml from it (aclEnable)", { env: "ROCKETMQ_HOME" }),
  // ACL 1.0, as RocketMQ 4.x: requests signed with AccessKey/Signature, checked against plain_acl.yml.
  aclEnable: bool(false, "check every request against the ACL file (signature, topic and group permissions, admin accounts)"),
  aclFile: str("", "the ACL file, RocketMQ's plain_acl.yml format (empty: $rocketmqHome/conf/plain_acl.yml, else ./conf/plain_acl.yml)"),
  aclFileCheckInterval: int(5000, "how often the ACL file is checked for changes (then reloaded)", { unit: "ms", min: 100 }),
  logLevel: oneOf(LOG_LEVELS, "info", "lowest level written to stdout and the log file", { env: "MQ_LOG_LEVEL" }),
  logsDir: str(() => join(homedir(), "logs", "rocketmqlogs"), "directory of the log files (empty: stdout only)",
    { defaultText: "~/logs/rocketmqlogs", env: "MQ_LOGS_DIR" }),
  serverChannelMaxIdleTimeSeconds: int(120, "mq does not close idle connections", { unit: "s", min: 0, ignored: true }),
  serverOnewaySemaphoreValue: int(256, "mq has no such semaphore", { min: 1, ignored: true }),
  serverAsyncSemaphoreValue: int(64, "mq has no such semaphore", { min: 1, ignored: true }),
  serverWorkerThreads: int(8, "mq has one event loop, not Netty threads", { ignored: true }),
  serverSelectorThreads: int(3, "mq has one event loop, not Netty threads", { ignored: true }),
  serverCallbackExecutorThreads: int(0, "mq has one event loop, not Netty threads", { ignored: true }),
  serverSocketSndBufSize: int(0, "mq leaves SO_SNDBUF at the OS default", { unit: "bytes", ignored: true }),
  serverSocketRcvBufSize: int(0, "mq leaves SO_RCVBUF at the OS default", { unit: "bytes", ignored: true }),
  serverPooledByteBufAllocatorEnable: bool(true, "mq has no Netty buffer pool", { ignored: true }),
  useEpollNativeSelector: bool(false, "mq has no Netty selector", { ignored: true }),
} as const;
