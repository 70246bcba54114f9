// Which brokers are alive (RocketMQ's BrokerHeartbeatManager): each BROKER_HEARTBEAT refreshes a
// broker's entry; an entry is dropped when its heartbeatTimeoutMills pass without one (scan) or
// when the connection it came on closes (a killed broker's socket closes at once). Held in
// memory only: after a controller restart brokers are alive again from their next heartbeat.
import type { ControllerBrokerHeartbeat } from "../common/index.ts";

export interface LiveBroker extends ControllerBrokerHeartbeat {
  lastMs: number;
  connectionId: number;
}

const keyOf = (brokerName: string, brokerId: number): string => `${brokerName}\u0001${brokerId}`;

export class Liveness {
  private readonly table = new Map<string, LiveBroker>();

  constructor(private readonly now: () => number) {}

  beat(h: ControllerBrokerHeartbeat, connectionId: number): boolean {
    const key = keyOf(h.brokerName, h.brokerId);
    const isNew = !this.table.has(key);
    this.table.set(key, { ...h, lastMs: this.now(), connectionId });
    return isNew;
  }

  clear(): void {
    this.table.clear();
  }

  get(brokerName: string, brokerId: number): LiveBroker | undefined {
    return this.table.get(keyOf(brokerName, brokerId));
  }

  isAlive(brokerName: string, brokerId: number): boolean {
    return this.table.has(keyOf(brokerName, brokerId));
  }

  ofGroup(brokerName: string): LiveBroker[] {
    return [...this.table.values()].filter((b) => b.brokerName === brokerName);
  }

  /** Drops and returns the brokers silent past their timeout. */
  expire(): LiveBroker[] {
    const now = this.now();
    return this.dropWhere((b) => now - b.lastMs > b.heartbeatTimeoutMills);
  }

  /** Drops and returns the brokers that beat on this connection. */
  closed(connectionId: number): LiveBroker[] {
    return this.dropWhere((b) => b.connectionId === connectionId);
  }

  private dropWhere(test: (b: LiveBroker) => boolean): LiveBroker[] {
    const dropped: LiveBroker[] = [];
    for (const [key, b] of this.table) {
      if (!test(b)) continue;
      this.table.delete(key);
      dropped.push(b);
    }
    return dropped;
  }
}
