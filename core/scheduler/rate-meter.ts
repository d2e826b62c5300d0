/**
 * A per-second rate over fixed windows (bytes/s, frames/s), cheap enough to call on every frame: the rate of the
 * last complete window, decaying toward 0 once the input stalls for more than a window.
 */
export class RateMeter {
  private windowStart = -1;
  private count = 0;
  private last = 0;

  constructor(private readonly windowMs = 2000) {}

  add(n: number, now: number): void {
    if (this.windowStart < 0) this.windowStart = now;
    const elapsed = now - this.windowStart;
    if (elapsed >= this.windowMs) {
      this.last = (this.count * 1000) / elapsed;
      this.count = 0;
      this.windowStart = now;
    }
    this.count += n;
  }

  /** Per second; 0 before the first complete window. */
  rate(now: number): number {
    if (this.windowStart < 0) return 0;
    const elapsed = now - this.windowStart;
    return elapsed >= 2 * this.windowMs ? (this.count * 1000) / elapsed : this.last;
  }
}
