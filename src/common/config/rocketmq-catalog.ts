// Every key RocketMQ accepts in a role's file, and where it comes from. RocketMQ's startups read a
// file into several config objects (BrokerStartup: BrokerConfig, NettyServerConfig,
// NettyClientConfig, MessageStoreConfig, AuthConfig; NamesrvStartup: NamesrvConfig, the Netty
// configs and, for enableControllerInNamesrv, ControllerConfig and JraftConfig; ControllerStartup:
// ControllerConfig, JraftConfig and the Netty configs) and silently skip keys none of them has.
// mq reads some of these keys (the role schemas); the rest load with a notice that they have no
// effect in mq, and a key RocketMQ never had is an error.
import { authConfig, brokerContainerConfig } from "./keys-rocketmq-auth.ts";
import { brokerConfig } from "./keys-rocketmq-broker.ts";
import { controllerConfig, jraftConfig, namesrvConfig } from "./keys-rocketmq-namesrv.ts";
import { nettyClientConfig, nettyServerConfig } from "./keys-rocketmq-netty.ts";
import { messageStoreConfig } from "./keys-rocketmq-store.ts";
import type { KeySpec, Role } from "./spec.ts";

/** The Java type of a setter's parameter, as properties2Object converts it (float as double). */
export type JavaKind = "int" | "long" | "double" | "bool" | "string";

export interface RocketmqClass {
  readonly name: string;
  readonly keys: Readonly<Record<string, JavaKind>>;
}

/** The classes each role's file is read into. A broker container's own file (brokerConfigPaths …)
 *  counts as a broker file: mq has no container, and its keys are broker keys there. */
const CLASSES: Readonly<Record<Role, readonly RocketmqClass[]>> = {
  broker: [brokerConfig, messageStoreConfig, nettyServerConfig, nettyClientConfig, authConfig, brokerContainerConfig],
  namesrv: [namesrvConfig, nettyServerConfig, nettyClientConfig, controllerConfig, jraftConfig],
  controller: [controllerConfig, jraftConfig, nettyServerConfig, nettyClientConfig],
};

export interface RocketmqKey {
  /** The first class of the role that has the key ("MessageStoreConfig"). */
  readonly className: string;
  /** How mq validates the value: the Java type as a key spec. */
  readonly spec: KeySpec;
}

export function rocketmqKey(role: Role, key: string): RocketmqKey | undefined {
  for (const cls of CLASSES[role]) {
    const kind = cls.keys[key];
    if (kind !== undefined) {
      return { className: cls.name, spec: { type: kind, default: "", description: `RocketMQ ${cls.name} key` } };
    }
  }
  return undefined;
}

/** The keys RocketMQ accepts in a file of this role. */
export function rocketmqKeyNames(role: Role): string[] {
  return [...new Set(CLASSES[role].flatMap((cls) => Object.keys(cls.keys)))];
}

/** Every RocketMQ class mq knows the keys of, for tests and documentation. */
export function rocketmqClasses(role: Role): readonly RocketmqClass[] {
  return CLASSES[role];
}
