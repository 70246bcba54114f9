// The RocketMQ MQVersion ordinal mq puts into every frame it writes. Clients read the broker's
// version from the HEART_BEAT reply; Java refuses SQL92 below 232. 409 = V4_9_8.
export const REMOTING_VERSION = 409;
/** mq's own release, printed by `mq --version`. Kept in step with package.json by a test. */
export const MQ_VERSION = "0.1.0";
