// Bytes per second, as haStatus reports transfer speed: the count of the last whole second.
export class ByteRate {
  private count = 0;
  private windowStartMs = Date.now();
  /** Bytes counted in the last whole second. */
  perSecond = 0;

  add(bytes: number): void {
    this.count += bytes;
  }

  /** Call often (every ≤ 100 ms): closes the window once a second has passed. */
  tick(nowMs: number): void {
    const elapsed = nowMs - this.windowStartMs;
    if (elapsed < 1000) return;
    this.perSecond = elapsed < 2000 ? this.count : 0;
    this.count = 0;
    this.windowStartMs = nowMs;
  }
}
