// What a slave runs besides its HaSlave: the metadata sync from its master, and re-registration
// while it has no master to follow (RocketMQ learns the master's address only every
// registerNameServerPeriod, 30 s; a slave started before its master would wait that long).
import type { Logger } from "../../common/index.ts";
import type { RemotingClient } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";
import type { Replication } from "./replication.ts";
import { SlaveSync } from "./slave-sync.ts";

/** How often a slave without a master re-registers to learn its master's HA address. */
const LEARN_MASTER_MS = 2000;

export interface SlaveServicesOptions {
  ctx: BrokerContext;
  client: RemotingClient;
  replication: Replication;
  /** slaveSynchronizeInterval. */
  syncIntervalMs: number;
  /** One registration round now (the registrar's registerSoon). */
  register: () => Promise<void>;
  log: Logger;
}

export interface SlaveServices {
  /** A metadata sync round now (the master's address just became known). */
  syncSoon(): Promise<void>;
  close(): Promise<void>;
}

export function startSlaveServices(o: SlaveServicesOptions): SlaveServices {
  const sync = new SlaveSync({ ctx: o.ctx, client: o.client, masterAddr: () => o.replication.masterAddr, intervalMs: o.syncIntervalMs, log: o.log });
  const learn = setInterval(() => {
    if (o.replication.needsMaster()) void o.register();
  }, LEARN_MASTER_MS);
  return {
    syncSoon: () => sync.syncSoon(),
    async close() {
      clearInterval(learn);
      await sync.stop();
    },
  };
}
