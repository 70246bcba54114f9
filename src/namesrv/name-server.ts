// The NameServer role: a RemotingServer answering route queries from one RouteRegistry, a KV
// config file, and a timer that drops silent brokers. NameServers share nothing; brokers
// register with each of them.
//
// start() loads the KV config, binds the port (resolving to it) and starts the expiry scan.
// stop() stops the scan and the server; routes are in memory only and are rebuilt from broker
// registrations after a restart.
import { RuntimeOverrides } from "../common/config/index.ts";
import type { Logger } from "../common/index.ts";
import { RemotingServer, type Connection, type Handler } from "../remoting/index.ts";
import { namesrvAccess, type NamesrvAclKeys } from "./access.ts";
import { NAMESRV_RUNTIME_KEYS } from "./config-handlers.ts";
import type { NamesrvContext } from "./context.ts";
import { namesrvHandlers } from "./handler-table.ts";
import { KvConfig } from "./kv-config.ts";
import { RouteRegistry } from "./route-registry.ts";

/** The keys of the namesrv config the role reads (names as in namesrv.properties). */
export interface NamesrvOptions extends NamesrvAclKeys {
  listenPort: number;
  /** Bind address; all interfaces when absent. */
  listenHost?: string;
  kvConfigPath: string;
  orderMessageEnable: boolean;
  scanNotActiveBrokerInterval: number;
  brokerChannelExpiredTime: number;
  /** Where UPDATE_NAMESRV_CONFIG's changes are kept and read back at start; absent: memory only. */
  configStorePath?: string;
  /** Who besides this machine may change the NameServer (KV config, write perms, its config). */
  adminAllowedAddresses?: string;
}

/** A role served on the NameServer's port besides its own codes (the embedded controller,
 *  enableControllerInNamesrv): started after the port is bound, stopped before the server. */
export interface NamesrvPlugin {
  start(address: { port: number }): Promise<void>;
  handlers(): Map<number, Handler>;
  onConnectionClose(conn: Connection): void;
  stop(): Promise<void>;
}

/** Printed by the CLI once start() resolves, as RocketMQ's NamesrvStartup does. */
export const NAMESRV_BOOT_MESSAGE = "The Name Server boot success. serializeType=JSON";

export class NameServer {
  readonly registry: RouteRegistry;
  private readonly kv: KvConfig;
  private readonly server: RemotingServer;
  private readonly log: Logger;
  private scanTimer: ReturnType<typeof setInterval> | undefined;
  private readonly acl: ReturnType<typeof namesrvAccess>;

  private readonly opts: NamesrvOptions & { log: Logger; nowMs?: () => number; plugin?: NamesrvPlugin };

  constructor(options: NamesrvOptions & { log: Logger; nowMs?: () => number; plugin?: NamesrvPlugin }) {
    this.log = options.log.child("namesrv");
    const overrides = options.configStorePath === undefined ? undefined : new RuntimeOverrides(options.configStorePath, "namesrv", NAMESRV_RUNTIME_KEYS);
    const persisted = overrides?.load() ?? { values: {}, notices: [] };
    for (const notice of persisted.notices) this.log.warn(notice);
    // The one object UPDATE_NAMESRV_CONFIG changes (NAMESRV_RUNTIME_KEYS only).
    const opts = { ...options, ...persisted.values };
    this.opts = opts;
    this.registry = new RouteRegistry(opts.nowMs);
    this.kv = new KvConfig(opts.kvConfigPath);
    this.acl = namesrvAccess(opts, this.log);
    this.server = new RemotingServer({
      host: opts.listenHost, port: opts.listenPort, log: this.log, name: "namesrv", beforeRequest: this.acl.guard,
    });
    const ctx: NamesrvContext = { registry: this.registry, kv: this.kv, orderMessageEnable: opts.orderMessageEnable, log: this.log };
    const config = {
      current: () => opts,
      apply: (values: Readonly<Record<string, unknown>>) => {
        Object.assign(opts, values);
        ctx.orderMessageEnable = opts.orderMessageEnable;
      },
      overrides,
      // With ACL on, admin accounts decide (the guard above); else this machine and adminAllowedAddresses.
      addressGuard: opts.aclEnable !== true,
      adminAllowedAddresses: opts.adminAllowedAddresses,
    };
    for (const [code, handler] of namesrvHandlers(ctx, config)) this.server.register(code, handler);
    this.server.onConnectionClose((conn) => {
      for (const addr of this.registry.removeByChannel(conn.id)) {
        this.log.info("broker connection closed, routes removed", { brokerAddr: addr });
      }
    });
  }

  async start(): Promise<number> {
    this.kv.load();
    const port = await this.server.start();
    const plugin = this.opts.plugin;
    if (plugin) {
      try {
        await plugin.start({ port });
      } catch (e) {
        await this.server.stop();
        throw e;
      }
      for (const [code, handler] of plugin.handlers()) this.server.register(code, handler);
      this.server.onConnectionClose((conn) => plugin.onConnectionClose(conn));
    }
    this.acl.source?.start();
    this.scanTimer = setInterval(() => this.scanNotActiveBrokers(), this.opts.scanNotActiveBrokerInterval);
    this.log.info("name server started", { port });
    return port;
  }

  async stop(): Promise<void> {
    clearInterval(this.scanTimer);
    this.scanTimer = undefined;
    await this.opts.plugin?.stop();
    this.acl.source?.stop();
    await this.server.stop();
    this.log.info("name server stopped");
  }

  private scanNotActiveBrokers(): void {
    for (const addr of this.registry.removeExpired(this.opts.brokerChannelExpiredTime)) {
      this.log.warn("broker expired, routes removed", { brokerAddr: addr, expiredMs: this.opts.brokerChannelExpiredTime });
    }
  }
}
