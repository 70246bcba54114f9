// Producers and consumers the broker knows from HEART_BEAT (RocketMQ's ConsumerManager and
// ProducerManager). Channels are keyed by clientId; a client that reconnects replaces its entry.
// A client leaves on UNREGISTER_CLIENT, when its connection closes, or after channelExpiredTimeoutMs
// without a heartbeat (scanExpired, which also closes the connection). Whenever a group's
// membership or subscriptions change, the remaining members are told (onConsumerChange).
import type { Logger } from "../../common/index.ts";
import type { Connection } from "../../remoting/index.ts";
import type { ClientChannel, ClientRegistry, ConsumerGroupInfo, ConsumerSubscription } from "../context.ts";

export interface ConsumerRegistration {
  group: string;
  consumeType: string;
  messageModel: ConsumerGroupInfo["messageModel"];
  consumeFromWhere: string;
  subscriptions: ConsumerSubscription[];
}

export interface ClientRegistryOptions {
  log: Logger;
  channelExpiredTimeoutMs: number;
  /** Told after a group's members or subscriptions changed (the group may now be empty). */
  onConsumerChange?: (group: ConsumerGroupInfo) => void;
  now?: () => number;
}

export interface ClientRegistryControl extends ClientRegistry {
  /** Adds or refreshes the client in the group (stamping channel.lastUpdateTimestamp); true when
   *  members or subscriptions changed. */
  registerConsumer(registration: ConsumerRegistration, channel: ClientChannel): boolean;
  registerProducer(group: string, channel: ClientChannel): void;
  unregisterConsumer(group: string, clientId: string): void;
  unregisterProducer(group: string, clientId: string): void;
  /** Forgets every client that used this connection. */
  connectionClosed(conn: Connection): void;
  /** Drops clients silent for longer than channelExpiredTimeoutMs and closes their connections. */
  scanExpired(): void;
}

export function createClientRegistry(opts: ClientRegistryOptions): ClientRegistryControl {
  const now = opts.now ?? Date.now;
  const consumers = new Map<string, ConsumerGroupInfo>();
  const producers = new Map<string, Map<string, ClientChannel>>();
  const changed = (info: ConsumerGroupInfo): void => {
    if (info.channels.size === 0) consumers.delete(info.group);
    opts.onConsumerChange?.(info);
  };
  const removeConsumerWhere = (keep: (channel: ClientChannel) => boolean, why: string): void => {
    for (const info of [...consumers.values()]) {
      const gone = [...info.channels.values()].filter((channel) => !keep(channel));
      for (const channel of gone) info.channels.delete(channel.clientId);
      if (gone.length === 0) continue;
      opts.log.info(`consumer left: ${why}`, { group: info.group, clients: gone.map((c) => c.clientId).join(",") });
      changed(info);
    }
  };
  const removeProducerWhere = (keep: (channel: ClientChannel) => boolean): void => {
    for (const [group, channels] of producers) {
      for (const channel of [...channels.values()]) if (!keep(channel)) channels.delete(channel.clientId);
      if (channels.size === 0) producers.delete(group);
    }
  };

  return {
    consumerGroup: (group) => consumers.get(group),
    consumerGroups: () => [...consumers.values()],
    producerGroups: () => producers,
    consumerIds: (group) => [...(consumers.get(group)?.channels.keys() ?? [])].sort(),

    registerConsumer(registration, channel) {
      channel.lastUpdateTimestamp = now();
      let info = consumers.get(registration.group);
      if (info === undefined) {
        info = { group: registration.group, subscriptions: new Map(), channels: new Map(), ...pickModel(registration) };
        consumers.set(registration.group, info);
      }
      Object.assign(info, pickModel(registration));
      const known = info.channels.get(channel.clientId);
      info.channels.set(channel.clientId, channel);
      const membersChanged = known === undefined || known.connection !== channel.connection;
      const subscriptionsChanged = updateSubscriptions(info, registration.subscriptions);
      if (membersChanged || subscriptionsChanged) {
        opts.log.info("consumer group changed", { group: info.group, client: channel.clientId, members: info.channels.size });
        changed(info);
      }
      return membersChanged || subscriptionsChanged;
    },

    registerProducer(group, channel) {
      channel.lastUpdateTimestamp = now();
      let channels = producers.get(group);
      if (channels === undefined) producers.set(group, (channels = new Map()));
      channels.set(channel.clientId, channel);
    },

    unregisterConsumer(group, clientId) {
      const info = consumers.get(group);
      if (info === undefined || !info.channels.delete(clientId)) return;
      opts.log.info("consumer unregistered", { group, client: clientId });
      changed(info);
    },

    unregisterProducer(group, clientId) {
      const channels = producers.get(group);
      channels?.delete(clientId);
      if (channels?.size === 0) producers.delete(group);
    },

    connectionClosed(conn) {
      removeConsumerWhere((channel) => channel.connection !== conn, "connection closed");
      removeProducerWhere((channel) => channel.connection !== conn);
    },

    scanExpired() {
      const oldest = now() - opts.channelExpiredTimeoutMs;
      const fresh = (channel: ClientChannel): boolean => {
        if (channel.lastUpdateTimestamp >= oldest) return true;
        if (!channel.connection.closed) channel.connection.close();
        return false;
      };
      removeConsumerWhere(fresh, "no heartbeat within channelExpiredTimeout");
      removeProducerWhere(fresh);
    },
  };
}

function pickModel(r: ConsumerRegistration): Pick<ConsumerGroupInfo, "consumeType" | "messageModel" | "consumeFromWhere"> {
  return { consumeType: r.consumeType, messageModel: r.messageModel, consumeFromWhere: r.consumeFromWhere };
}

/** RocketMQ's ConsumerGroupInfo.updateSubscription: a new or dropped topic is a change; a newer
 *  subVersion replaces the subscription without counting as one. */
function updateSubscriptions(info: ConsumerGroupInfo, subscriptions: ConsumerSubscription[]): boolean {
  let changed = false;
  const topics = new Set<string>();
  for (const sub of subscriptions) {
    topics.add(sub.topic);
    const old = info.subscriptions.get(sub.topic);
    if (old === undefined) changed = true;
    if (old === undefined || sub.subVersion > old.subVersion) info.subscriptions.set(sub.topic, sub);
  }
  for (const topic of [...info.subscriptions.keys()]) {
    if (!topics.has(topic)) {
      info.subscriptions.delete(topic);
      changed = true;
    }
  }
  return changed;
}
