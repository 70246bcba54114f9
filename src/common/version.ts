// The RocketMQ MQVersion ordinal mq puts into every frame it writes. Clients read the broker's
// version from the HEART_BEAT reply; Java refuses SQL92 below 232. 409 = V4_9_8.
export const REMOTING_VERSION = 409;
/** mq's own release, printed by `mq --version`. Kept in step with package.json by a test. */
export const MQ_VERSION = "0.1.0";

// Set by `npm run build` (scripts/build.ts, bun build --define); absent when run from source.
declare const MQ_BUILD_COMMIT: string | undefined;
/** The git commit the binary was built from, or "unknown" (run from source, or built outside git). */
export const MQ_COMMIT: string = typeof MQ_BUILD_COMMIT === "string" ? MQ_BUILD_COMMIT : "unknown";
