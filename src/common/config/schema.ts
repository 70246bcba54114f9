// The one schema: which keys each role reads. BrokerConfig and NamesrvConfig are derived from
// it, so a property name IS the .properties key (cfg.brokerName, cfg.listenPort). Every key
// RocketMQ has besides is in rocketmq-catalog.ts.
import { brokerKeys } from "./keys-broker.ts";
import { commonKeys } from "./keys-common.ts";
import { controllerKeys, controllerSharedKeys } from "./keys-controller.ts";
import { namesrvKeys } from "./keys-namesrv.ts";
import { retiredKeys } from "./keys-retired.ts";
import { legacyKeys, storeKeys } from "./keys-store.ts";
import { rocketmqKeyNames } from "./rocketmq-catalog.ts";
import { CHECKED_ROLES, type ConfigOf, type KeySpec, type Role } from "./spec.ts";

const brokerSchema = { ...brokerKeys, ...storeKeys, ...commonKeys } as const;
const namesrvSchema = { ...namesrvKeys, ...controllerSharedKeys, ...commonKeys } as const;
const controllerSchema = { ...controllerKeys, ...commonKeys } as const;

export type BrokerConfig = ConfigOf<typeof brokerSchema>;
export type NamesrvConfig = ConfigOf<typeof namesrvSchema>;
export type ControllerConfig = ConfigOf<typeof controllerSchema>;
export interface RoleConfigs { broker: BrokerConfig; namesrv: NamesrvConfig; controller: ControllerConfig }

export type Schema = Readonly<Record<string, KeySpec>>;

const schemas: Readonly<Record<Role, Schema>> = {
  broker: brokerSchema, namesrv: namesrvSchema, controller: controllerSchema,
};

/** The keys one role reads, in declaration order. */
export function schemaOf(role: Role): Schema {
  return schemas[role];
}

/** Keys whose values are secrets, over every role: never printed or sent back. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(
  Object.values(schemas).flatMap((s) => Object.entries(s).filter(([, spec]) => spec.secret === true).map(([key]) => key)),
);

/** The keys a file of these roles may hold: those mq reads, RocketMQ's others, the retired ones. */
export function knownKeyNames(roles: readonly Role[]): string[] {
  const names = roles.flatMap((r) => [...Object.keys(schemas[r]), ...rocketmqKeyNames(r)]);
  return [...new Set([...names, ...Object.keys(retiredKeys)])];
}

let everyKey: readonly string[] | undefined;

/** Every key a file of any role may hold. */
export function allKeyNames(): readonly string[] {
  everyKey ??= knownKeyNames(CHECKED_ROLES);
  return everyKey;
}

export { legacyKeys };
