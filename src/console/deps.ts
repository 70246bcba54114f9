// What the console is built from: an admin context (it reads the cluster only through src/admin
// and the remoting protocol), and, in a process that runs a broker, that broker's metrics text.
import type { AdminContext } from "../admin/index.ts";
import type { Readiness } from "../common/index.ts";

export interface ConsoleDeps {
  admin: AdminContext;
  /** /metrics of this process (all-in-one: the broker's registry); absent in `mq console`. */
  metricsText?: () => string;
  /** Dashboard samples kept (one per sampleIntervalMs). */
  samplesMax?: number;
  now?: () => number;
  /** /ready beside a broker: that broker's readiness; absent: a NameServer answers. */
  readiness?: () => Readiness;
  /** The address the console listens on; a loopback one (the default) answers loopback names only. */
  hostname?: string;
}
