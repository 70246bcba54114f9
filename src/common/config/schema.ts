// The one schema: which keys each role reads. BrokerConfig and NamesrvConfig are derived from
// it, so a property name IS the .properties key (cfg.brokerName, cfg.listenPort).
import { brokerKeys } from "./keys-broker.ts";
import { commonKeys } from "./keys-common.ts";
import { namesrvKeys } from "./keys-namesrv.ts";
import { legacyKeys, storeKeys } from "./keys-store.ts";
import type { ConfigOf, KeySpec, Role } from "./spec.ts";

const brokerSchema = { ...brokerKeys, ...storeKeys, ...commonKeys } as const;
const namesrvSchema = { ...namesrvKeys, ...commonKeys } as const;

export type BrokerConfig = ConfigOf<typeof brokerSchema>;
export type NamesrvConfig = ConfigOf<typeof namesrvSchema>;
export interface RoleConfigs { broker: BrokerConfig; namesrv: NamesrvConfig }

export type Schema = Readonly<Record<string, KeySpec>>;

const schemas: Readonly<Record<Role, Schema>> = { broker: brokerSchema, namesrv: namesrvSchema };

/** The keys one role reads, in declaration order. */
export function schemaOf(role: Role): Schema {
  return schemas[role];
}

/** Every key any role reads. */
export function allKeyNames(): string[] {
  return [...new Set([...Object.keys(brokerSchema), ...Object.keys(namesrvSchema)])];
}

export { legacyKeys };
