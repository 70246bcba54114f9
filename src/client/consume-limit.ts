// How many more messages a push consumer may hand to its listener (consumeMessageCountMax). The
// consume loops take from it, synchronously, before each batch goes to the listener, so all the
// queues together never hand out more than the limit; once it is used up they stop, and what
// they still hold is neither consumed nor committed nor sent back.
import { assert } from "../common/index.ts";

export class ConsumeLimit {
  private left: number;

  /** undefined: no limit. */
  constructor(countMax: number | undefined) {
    this.left = countMax ?? Number.POSITIVE_INFINITY;
  }

  get reached(): boolean {
    return this.left <= 0;
  }

  /** The size of the next batch: at most `batchMax`, and no more than what is left. */
  allow(batchMax: number): number {
    return Math.min(batchMax, this.left);
  }

  /** Counts a batch handed to the listener. */
  take(count: number): void {
    assert(count <= this.left, `consume limit: ${count} taken with ${this.left} left`);
    this.left -= count;
  }
}
