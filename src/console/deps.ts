// What the console is built from: an admin context (it reads the cluster only through src/admin
// and the remoting protocol), and, in a process that runs a broker, that broker's metrics text.
import type { AdminContext } from "../admin/index.ts";

export interface ConsoleDeps {
  admin: AdminContext;
  /** /metrics of this process (all-in-one: the broker's registry); absent in `mq console`. */
  metricsText?: () => string;
  /** Dashboard samples kept (one per sampleIntervalMs). */
  samplesMax?: number;
  now?: () => number;
}
