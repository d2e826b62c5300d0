/**
 * Maps source timestamps (ms, may jump or wrap) to published RTMP timestamps that only increase. Pure: no clock.
 *
 * Audio and video share one offset, so they stay in sync; each kind is also kept strictly increasing on its own.
 * The timeline re-anchors (continues one frame step after the kind's last published timestamp, and after every
 * timestamp already published) on `discontinuity()`,
 * on a backward jump larger than {@link BACKWARD_TOLERANCE_MS}, and on a forward jump larger than
 * {@link MAX_FORWARD_GAP_MS} (an NVR clock change, or a 32-bit wrap of the source's millisecond counter).
 * The output is an unbounded number; the chunk writer puts it on the wire modulo 2^32 as RTMP requires.
 */

export type TimelineKind = 'video' | 'audio';

/** Backward steps up to this are jitter (clamped), not a clock jump: audio/video interleaving skew from NVRs. */
export const BACKWARD_TOLERANCE_MS = 500;
/** A forward gap beyond this is a clock jump, not lost frames: NVRs never stall a live stream this long. */
export const MAX_FORWARD_GAP_MS = 10_000;
/** The step used after a re-anchor until a real frame interval is seen (25 fps video, 40 ms). */
export const DEFAULT_STEP_MS = 40;
/** Frame intervals above this are not used as the re-anchor step. */
const MAX_STEP_MS = 1000;

interface KindState {
  /** Last source timestamp on the current anchor; undefined right after a re-anchor by another kind. */
  lastIn?: number;
  lastOut?: number;
  step: number;
}

export class Timeline {
  private offset?: number;
  private maxOut = 0;
  private pendingBreak = false;
  private readonly kinds: Record<TimelineKind, KindState> = {
    video: { step: DEFAULT_STEP_MS },
    audio: { step: DEFAULT_STEP_MS },
  };

  /** The next timestamps may jump: the next frame continues one step after the last one published. */
  discontinuity(): void {
    if (this.offset !== undefined) this.pendingBreak = true;
  }

  /** Published timestamp (ms, integer) for a frame of `kind` with source decode time `dts` (ms). */
  map(kind: TimelineKind, dts: number): number {
    const t = Math.round(dts);
    const k = this.kinds[kind];
    if (this.offset === undefined) {
      this.offset = -t; // the first frame is published at 0
    } else if (this.pendingBreak || (k.lastIn !== undefined && (t < k.lastIn - BACKWARD_TOLERANCE_MS || t > k.lastIn + MAX_FORWARD_GAP_MS))) {
      this.reanchor(kind, t);
    } else if (k.lastIn !== undefined) {
      const delta = t - k.lastIn;
      if (delta > 0 && delta <= MAX_STEP_MS) k.step = delta;
    } else {
      // First frame of this kind on the current anchor: judged against what was published last instead.
      const guess = t + this.offset;
      if (guess > this.maxOut + MAX_FORWARD_GAP_MS || guess < this.maxOut - MAX_FORWARD_GAP_MS) this.reanchor(kind, t);
    }
    let out = t + this.offset;
    if (k.lastOut !== undefined && out <= k.lastOut) out = k.lastOut + 1;
    if (out < 0) out = 0;
    k.lastIn = t;
    k.lastOut = out;
    if (out > this.maxOut) this.maxOut = out;
    return out;
  }

  private reanchor(kind: TimelineKind, t: number): void {
    const k = this.kinds[kind];
    // One frame step after this kind's last timestamp, but after everything already published (either kind).
    const base = k.lastOut === undefined ? this.maxOut + k.step : Math.max(k.lastOut + k.step, this.maxOut + 1);
    this.offset = base - t;
    this.pendingBreak = false;
    // The other kind's last source time belongs to the old clock: its next frame is accepted on the new anchor.
    for (const other of Object.keys(this.kinds) as TimelineKind[]) if (other !== kind) this.kinds[other].lastIn = undefined;
  }
}
