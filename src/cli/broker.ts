// `mq broker -c broker-a.properties [-n addr1;addr2] [-p] [--key=value]`: a broker (port 10911).
import type { RoleCommand } from "./command.ts";
import { brokerServices } from "./roles.ts";

export const brokerCommand: RoleCommand<"broker"> = {
  kind: "role",
  name: "broker",
  description: "run a broker (listenPort 10911): stores messages and serves producers and consumers",
  roles: ["broker"],
  build: (configs, log) => brokerServices(configs.broker, log),
};
