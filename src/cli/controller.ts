// `mq controller [-c controller.properties] [-p] [--key=value]`: RocketMQ 5's controller (port 9878),
// standalone; with enableControllerInNamesrv=true a NameServer runs the same controller on its
// own port instead (embeddedController).
import type { Logger } from "../common/index.ts";
import { firstLocalIPv4, type ControllerConfig, type NamesrvConfig } from "../common/config/index.ts";
import { Controller, ControllerServer, stateOf } from "../controller/index.ts";
import type { NamesrvPlugin } from "../namesrv/index.ts";
import type { RoleCommand, Service } from "./command.ts";
import { explainListenFailure } from "./listen-failure.ts";

/** Printed once the controller is up (RocketMQ's ControllerStartup prints the same). */
export const CONTROLLER_BOOT_MESSAGE = "The ControllerManager boot success. serializeType=JSON";

export const controllerCommand: RoleCommand<"controller"> = {
  kind: "role",
  name: "controller",
  description: "run a controller (listenPort 9878): elects a new master when a broker group's master stops (controller mode)",
  roles: ["controller"],
  build: (configs, log) => [controllerService(configs.controller, log)],
};

function controllerService(config: ControllerConfig, log: Logger): Service {
  const server = new ControllerServer({
    ...config, listenPort: config.listenPort, advertisedHost: firstLocalIPv4(), log,
  });
  return {
    name: "controller",
    async start() {
      const port = await server.start().catch((e: unknown) => {
        throw explainListenFailure(e, { role: "controller", key: "listenPort", flag: "--listenPort=N" });
      });
      log.info(`controller listening on port ${port}`);
      process.stdout.write(`${CONTROLLER_BOOT_MESSAGE}\n`);
    },
    stop: () => server.stop(),
  };
}

/** The controller a NameServer runs with enableControllerInNamesrv=true, on the NameServer's port. */
export function embeddedController(config: NamesrvConfig, log: Logger): NamesrvPlugin | undefined {
  if (!config.enableControllerInNamesrv) return undefined;
  let controller: Controller | undefined;
  const running = (): Controller => {
    if (controller === undefined) throw new Error("the embedded controller is not started");
    return controller;
  };
  return {
    async start({ port }) {
      const address = `${firstLocalIPv4()}:${port}`;
      controller = new Controller({ ...config, address, log, ...stateOf({ ...config, log }, address) });
      await controller.start();
    },
    handlers: () => running().handlers(),
    onConnectionClose: (conn) => controller?.onConnectionClose(conn),
    stop: async () => controller?.stop(),
  };
}
