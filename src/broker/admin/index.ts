// Admin and ops request codes. Mutating codes go through the admin guard (this machine or
// adminAllowedAddresses); read-only ones are open. close() stops the runtime-stats sampler.
import { RequestCode } from "../../common/index.ts";
import type { Handler, RequestQueueStats } from "../../remoting/index.ts";
import type { BrokerContext, HandlerRegistry } from "../context.ts";
import { guarded } from "./admin-guard.ts";
import { authAclHandlers } from "./auth-acls.ts";
import { authUserHandlers } from "./auth-users.ts";
import { brokerConfig, updateBrokerConfig, type BrokerConfigWriter } from "./broker-config.ts";
import { groupAdminCodes } from "./group-admin.ts";
import { delayOffsetCodes } from "./delay-offset.ts";
import { maintenanceCodes } from "./maintenance.ts";
import { resetMasterFlushOffset, type MasterFlushOffsetReset } from "./master-flush-offset.ts";
import { queueStatsCodes } from "./queue-stats.ts";
import { resetOffsetCodes } from "./reset-offset.ts";
import { statsAdminCodes } from "./stats-admin.ts";
import { runtimeInfo } from "./runtime-info.ts";
import { RuntimeStats } from "./runtime-stats.ts";
import { topicAdminCodes } from "./topic-admin.ts";

type HandlerFactory = (ctx: BrokerContext) => Handler;

export interface AdminOptions {
  /** storePathRootDir, for the disk capacity line of GET_BROKER_RUNTIME_INFO. */
  rootDir: string;
  bootMs?: number;
  /** The request queue of a kind ("send", "pull" …), for GET_BROKER_RUNTIME_INFO. */
  requestQueue?: (kind: string) => RequestQueueStats | undefined;
  /** Serves UPDATE_BROKER_CONFIG; absent (handler tests): the code answers "not supported". */
  config?: BrokerConfigWriter;
  /** Serves RESET_MASTER_FLUSH_OFFSET (replication's record); absent: "not supported". */
  resetMasterFlushOffset?: MasterFlushOffsetReset;
}

/** The admin codes that change the broker: guarded by address without ACL, by admin accounts with it. */
export const mutatingAdminCodes = (): number[] => [
  ...[...topicAdminCodes.mutating, ...groupAdminCodes.mutating, ...resetOffsetCodes.mutating, ...maintenanceCodes.mutating].map(([code]): number => code),
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.RESET_MASTER_FLUSH_OFFSET,
  ...AUTH_CHANGES,
];

/** ACL 2.0's user and ACL changes (create, update, delete). */
const AUTH_CHANGES: readonly number[] = [3001, 3002, 3003, 3006, 3007, 3008];

export function registerAdminHandlers(server: HandlerRegistry, ctx: BrokerContext, o: AdminOptions): { close(): void } {
  const bootMs = o.bootMs ?? Date.now();
  const stats = new RuntimeStats(ctx.store);
  ctx.meters.stats.start();
  const mutating: ReadonlyArray<readonly [number, HandlerFactory]> = [
    ...topicAdminCodes.mutating,
    ...groupAdminCodes.mutating,
    ...resetOffsetCodes.mutating,
    ...maintenanceCodes.mutating,
    ...statsAdminCodes.mutating,
  ];
  const readOnly: ReadonlyArray<readonly [number, HandlerFactory]> = [
    ...topicAdminCodes.readOnly,
    ...groupAdminCodes.readOnly,
    ...queueStatsCodes,
    ...delayOffsetCodes,
    ...maintenanceCodes.readOnly,
    ...statsAdminCodes.readOnly,
  ];
  for (const [code, make] of mutating) server.register(code, guarded(ctx, make(ctx)));
  for (const [code, make] of readOnly) server.register(code, make(ctx));
  for (const [code, handler] of [...authUserHandlers(ctx), ...authAclHandlers(ctx)]) {
    server.register(code, AUTH_CHANGES.includes(code) ? guarded(ctx, handler) : handler);
  }
  server.register(RequestCode.GET_BROKER_RUNTIME_INFO, runtimeInfo(ctx, stats, bootMs, o.rootDir, o.requestQueue));
  const version = { bootMs, counter: 0, timestamp: bootMs };
  server.register(RequestCode.GET_BROKER_CONFIG, brokerConfig(ctx, version));
  if (o.config !== undefined) server.register(RequestCode.UPDATE_BROKER_CONFIG, guarded(ctx, updateBrokerConfig(ctx, version, o.config)));
  if (o.resetMasterFlushOffset !== undefined) {
    server.register(RequestCode.RESET_MASTER_FLUSH_OFFSET, guarded(ctx, resetMasterFlushOffset(ctx, o.resetMasterFlushOffset)));
  }
  return {
    close: () => {
      stats.close();
      ctx.meters.stats.close();
    },
  };
}

export { allowedAdminCaller, remoteIp } from "./admin-guard.ts";
export { BROKER_RUNTIME_KEYS, type BrokerConfigWriter } from "./broker-config.ts";
export { ACL_CODES, aclConfigHandlers } from "./acl-config.ts";
export { readGroupConfig } from "./group-admin.ts";
export { runtimeText, earliestMessageTime } from "./runtime-info.ts";
export { encodeResetOffsetBody } from "./reset-offset.ts";
