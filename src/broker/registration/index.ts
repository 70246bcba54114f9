// Registration with the NameServers.
export {
  Registrar,
  splitNamesrvAddr,
  REGISTER_PERIOD_MS_MIN,
  REGISTER_PERIOD_MS_MAX,
  type RegistrarOptions,
} from "./registrar.ts";
