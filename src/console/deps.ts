// What the console is built from: an admin context (it reads the cluster only through src/admin
// and the remoting protocol), and, in a process that runs a broker, that broker's metrics text.
import type { AdminContext } from "../admin/index.ts";
import type { Readiness } from "../common/index.ts";
import type { LoginOptions } from "./session/gate.ts";

export interface ConsoleDeps {
  /** Unsigned when login is set: with ACL on, only a session's own context signs. */
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
  /** Ask for a login when the cluster has ACL on; absent: never (the console trusts its own admin context). */
  login?: LoginOptions;
  /** Beside a broker with ACL 1.0 on: its plain_acl.yml, whose accounts the ACL page shows (secrets left out). */
  localAclFile?: string;
  /** What the dashboard's sampler reads with (the keys the console was started with); absent: a session's. */
  sampleAdmin?: AdminContext;
}
