// An ali-ons producer's results through a failover, tallied as its lines come: each line is read
// once (a check that filtered every line so far at every new line was quadratic, and with the
// thousands of fast failures a dead master gives, it outlasted the failover it waited for).
import type { Proc } from "./harness.ts";
import type { SendLine } from "./ons.ts";

export interface OnsTally {
  /** Bodies answered SEND_OK (ons-produce.cjs sends msg-<i>). */
  acked: string[];
  failed: number;
  /** SEND_OKs from a broker other than the one killed, since the kill. */
  ackedElsewhere: number;
  /** Milliseconds from the kill to the first of those. */
  firstElsewhereMs: number | undefined;
  /** Marks the kill of the broker on port: what follows counts against it (from zero again). */
  killed(port: number): void;
  /** Reads the lines not read yet. */
  read(): OnsTally;
  /** Reads the lines not read yet; true once `n` sends went elsewhere (Proc.until's check). */
  elsewhere(n: number): () => boolean;
}

export function tallyOns(producer: Proc): OnsTally {
  let read = 0;
  let killedAtMs: number | undefined;
  let killedPort = -1;
  const tally: OnsTally = {
    acked: [], failed: 0, ackedElsewhere: 0, firstElsewhereMs: undefined,
    killed(port) {
      catchUp();
      killedAtMs = Date.now();
      killedPort = port;
      tally.ackedElsewhere = 0;
      tally.firstElsewhereMs = undefined;
    },
    read() {
      catchUp();
      return tally;
    },
    elsewhere: (n) => () => {
      catchUp();
      return tally.ackedElsewhere >= n;
    },
  };
  const catchUp = () => {
    for (; read < producer.objects.length; read++) {
      const line = producer.objects[read] as unknown as SendLine;
      if (typeof line.i !== "number") continue;
      if (line.status !== "SEND_OK") {
        tally.failed++;
        continue;
      }
      tally.acked.push(`msg-${line.i}`);
      if (killedAtMs === undefined || storePort(line.msgId) === killedPort) continue;
      if (tally.ackedElsewhere++ === 0) tally.firstElsewhereMs = Date.now() - killedAtMs;
    }
  };
  return tally;
}

/** The port in an offset message id (store host: 8 hex of IPv4, 8 hex of port; 16 hex of offset). */
function storePort(msgId: string | undefined): number {
  return msgId === undefined ? -1 : Number.parseInt(msgId.slice(8, 16), 16);
}
