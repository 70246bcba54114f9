// The standalone controller (`mq controller`): a RemotingServer on listenPort answering the
// controller codes, and the Controller behind it.
// start() binds the port (resolving to it) and starts the controller; stop() stops both.
import type { Logger } from "../common/index.ts";
import { RemotingServer } from "../remoting/index.ts";
import { Controller, type ControllerOptions } from "./controller.ts";
import { stateOf, type StateKeys } from "./state-of.ts";

export interface ControllerServerOptions extends Omit<ControllerOptions, "address" | "log">, StateKeys {
  listenPort: number;
  listenHost?: string;
  /** The host advertised in CONTROLLER_GET_METADATA_INFO. */
  advertisedHost: string;
  log: Logger;
}

export class ControllerServer {
  private readonly server: RemotingServer;
  private controller: Controller | undefined;

  constructor(private readonly o: ControllerServerOptions) {
    this.server = new RemotingServer({ host: o.listenHost, port: o.listenPort, log: o.log, name: "controller" });
  }

  async start(): Promise<number> {
    const port = await this.server.start();
    const address = `${this.o.advertisedHost}:${port}`;
    const controller = new Controller({ ...this.o, address, ...stateOf(this.o, address) });
    try {
      await controller.start();
    } catch (e) {
      await this.server.stop();
      throw e;
    }
    for (const [code, handler] of controller.handlers()) this.server.register(code, handler);
    this.server.onConnectionClose((conn) => controller.onConnectionClose(conn));
    this.controller = controller;
    return port;
  }

  /** The controller stops first: the connections the server's stop closes are no broker's loss. */
  async stop(): Promise<void> {
    await this.controller?.stop();
    this.controller = undefined;
    await this.server.stop();
  }
}
