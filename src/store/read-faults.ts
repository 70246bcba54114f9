// Corruption found on read — a record whose size or body CRC does not match, or a commitlog read
// that comes back short — is the disk's fault, not the code's: an expected outcome. The read skips
// the record (a pull moves past it; a lookup finds nothing), the fault is counted, and it is logged
// once per commitlog segment so a bad disk does not flood the log. It never becomes an exception,
// so no pull of that queue fails forever.
import type { Logger } from "../common/index.ts";

/** Told of every record a read skipped: its physical offset and what is wrong with it. */
export type ReadFault = (physical: number, reason: string) => void;

export class ReadFaults {
  /** Records skipped on read since start. */
  count = 0;
  private readonly loggedSegments = new Set<number>();

  constructor(
    private readonly log: Logger,
    private readonly segmentStartOf: (physical: number) => number,
  ) {}

  readonly report: ReadFault = (physical, reason) => {
    this.count++;
    const segment = this.segmentStartOf(physical);
    if (this.loggedSegments.has(segment)) return;
    this.loggedSegments.add(segment);
    this.log.error("corrupt record skipped on read (further ones in this segment are counted, not logged)", {
      segment: String(segment).padStart(20, "0"), physicalOffset: physical, reason,
    });
  };
}
