// `mq namesrv [-c namesrv.properties] [-p] [--key=value]`: the NameServer (port 9876).
import type { RoleCommand } from "./command.ts";
import { namesrvService } from "./roles.ts";

export const namesrvCommand: RoleCommand<"namesrv"> = {
  kind: "role",
  name: "namesrv",
  description: "run a NameServer (listenPort 9876): brokers register here, clients look up routes",
  roles: ["namesrv"],
  build: (configs, log) => [namesrvService(configs.namesrv, log)],
};
