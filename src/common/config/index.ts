// Configuration: one schema of every key mq reads, a .properties reader, and a loader that merges
// defaults < file < environment < command line and returns frozen, typed objects per role.
export type { BrokerConfig, ControllerConfig, NamesrvConfig, RoleConfigs, Schema } from "./schema.ts";
export { schemaOf, allKeyNames, knownKeyNames, legacyKeys, SECRET_KEYS } from "./schema.ts";
export { retiredKeys } from "./keys-retired.ts";
export { rocketmqClasses, rocketmqKey, rocketmqKeyNames, type JavaKind, type RocketmqClass } from "./rocketmq-catalog.ts";
export type { KeySpec, KeyType, ConfigValue, Role } from "./spec.ts";
export { CHECKED_ROLES, ROLES, describeExpected, parseValue } from "./spec.ts";
export { LOG_LEVELS } from "./keys-common.ts";
export { firstLocalIPv4 } from "./keys-broker.ts";
export { formatProperty, parseProperties, type PropertyEntry, type PropertiesResult } from "./properties.ts";
export { closest, didYouMean, levenshtein } from "./did-you-mean.ts";
export { loadConfig, describeSource, type ConfigInput, type LoadOutcome, type Loaded, type Source } from "./load.ts";
export { formatConfig } from "./print.ts";
