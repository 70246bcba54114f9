// The RocketMQ MQVersion ordinal mq puts into every frame it writes. Clients read the broker's
// version from the HEART_BEAT reply; Java refuses SQL92 below 232. 409 = V4_9_8.
export const REMOTING_VERSION = 409;
/** mq's own release, printed by `mq --version`. Kept in step with package.json by a test. */
export const MQ_VERSION = "0.1.0";

// Set by `npm run build` (scripts/build.ts, bun build --define); absent when run from source.
declare const MQ_BUILD_COMMIT: string | undefined;
/** The git commit the binary was built from, or "unknown" (run from source, or built outside git). */
export const MQ_COMMIT: string = typeof MQ_BUILD_COMMIT === "string" ? MQ_BUILD_COMMIT : "unknown";

/** MQVersion.Version ordinals: from V4_0_0_SNAPSHOT (212) each release x_y_z has a SNAPSHOT and a
 *  release, in order, up to V5_9_9 (611); HIGHER_VERSION follows. */
const V4_0_0_SNAPSHOT = 212;
const HIGHER_VERSION = 612;

/** MQVersion.getVersionDesc: 409 → "V4_9_8". The 3.x ordinals (below 212, irregular) are shown as numbers. */
export function versionDesc(ordinal: number): string {
  if (ordinal >= HIGHER_VERSION) return "HIGHER_VERSION";
  if (ordinal < V4_0_0_SNAPSHOT) return String(ordinal);
  const step = ordinal - V4_0_0_SNAPSHOT;
  const n = 400 + Math.floor(step / 2);
  return `V${Math.floor(n / 100)}_${Math.floor(n / 10) % 10}_${n % 10}${step % 2 === 0 ? "_SNAPSHOT" : ""}`;
}
