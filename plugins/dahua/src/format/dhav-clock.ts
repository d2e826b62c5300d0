/**
 * Unwraps DHAV's 16-bit millisecond counter (header bytes 20–21) into a continuous millisecond timeline.
 *
 * Audio and video share the counter, so a frame may be a few ms *older* than the previous one: a step of more
 * than half the range (32768) is taken as a step backwards, not as a wrap. Steps forward of up to ~32 s are
 * exact; a longer gap (no frames for more than 32 s) cannot be told apart from a wrap and is the caller's
 * `discontinuity`.
 */
const RANGE = 0x10000;
const HALF = 0x8000;

export class DhavClock {
  private last?: number;
  private time = 0;

  /** Milliseconds since the first frame for the frame with counter `raw`. */
  next(raw: number): number {
    const v = raw & 0xffff;
    if (this.last === undefined) {
      this.last = v;
      return 0;
    }
    let delta = (v - this.last + RANGE) % RANGE;
    if (delta >= HALF) delta -= RANGE;
    this.last = v;
    this.time += delta;
    return this.time;
  }

  /** Forgets the counter (after a seek); the timeline continues from where it is. */
  reset(): void {
    this.last = undefined;
  }
}
