// The broker's view of its clients: the registry HEART_BEAT fills, the membership handlers, the
// NOTIFY_CONSUMER_IDS_CHANGED fan-out and the expiry scan. broker.ts creates the registry (it is
// part of the BrokerContext), then registers the handlers; close() stops the expiry scan.
import type { Logger } from "../../common/index.ts";
import type { RemotingServer } from "../../remoting/index.ts";
import type { BrokerContext, GroupTable } from "../context.ts";
import { clientHandlers } from "./handlers.ts";
import { consumerIdsChangedNotifier } from "./notify.ts";
import { createClientRegistry as createRegistry, type ClientRegistryControl } from "./registry.ts";

export type { ClientRegistryControl, ConsumerRegistration } from "./registry.ts";

export interface ClientRegistryOpts {
  log: Logger;
  /** channelExpiredTimeout: a client silent this long is dropped (RocketMQ 120 000). */
  channelExpiredTimeoutMs: number;
  notifyConsumerIdsChangedEnable: boolean;
  /** For each group's own notifyConsumerIdsChangedEnable. */
  groups: Pick<GroupTable, "get">;
  now?: () => number;
}

export function createClientRegistry(opts: ClientRegistryOpts): ClientRegistryControl {
  return createRegistry({
    log: opts.log,
    channelExpiredTimeoutMs: opts.channelExpiredTimeoutMs,
    onConsumerChange: consumerIdsChangedNotifier(opts),
    now: opts.now,
  });
}

export type ClientServer = Pick<RemotingServer, "register" | "onConnectionClose">;

const EXPIRY_SCAN_INTERVAL_MS_DEFAULT = 10_000;

/** The membership handlers and the registry's upkeep (connection close, expiry scan), together. */
export function registerClientHandlers(
  server: ClientServer,
  ctx: BrokerContext,
  registry: ClientRegistryControl,
  tuning: { expiryScanIntervalMs?: number } = {},
): { close(): void } {
  registerClientRequests(server, ctx, registry);
  return watchClients(server, registry, tuning);
}

/** The membership handlers only (a broker's role registers them; the registry outlives it). */
export function registerClientRequests(server: Pick<RemotingServer, "register">, ctx: BrokerContext, registry: ClientRegistryControl): void {
  for (const [code, handler] of clientHandlers(ctx, registry)) server.register(code, handler);
}

/** A closed connection's clients leave; every expiryScanIntervalMs the silent ones are dropped. */
export function watchClients(
  server: Pick<RemotingServer, "onConnectionClose">,
  registry: ClientRegistryControl,
  tuning: { expiryScanIntervalMs?: number } = {},
): { close(): void } {
  server.onConnectionClose((conn) => registry.connectionClosed(conn));
  const scan = setInterval(() => registry.scanExpired(), tuning.expiryScanIntervalMs ?? EXPIRY_SCAN_INTERVAL_MS_DEFAULT);
  return { close: () => clearInterval(scan) };
}
