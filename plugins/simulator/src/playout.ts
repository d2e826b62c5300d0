import type { Clock, MediaFrame, MediaOutput } from '@nvr-pusher/core/contracts';
import type { Clip } from './media-library.js';
import type { Ticker } from './ticker.js';

/**
 * Plays a clip at real-time pace, looping with continuous timestamps (each loop is shifted by the clip length),
 * from a media position. Used for live (endless) and playback (ends after `lengthMs`, seekable).
 */
export class Playout {
  private index = 0;
  /** Timestamp offset of the current loop, ms. */
  private loopOffset = 0;
  /** Media time that corresponds to `startedAt`. */
  private mediaStart = 0;
  private startedAt: number;
  private readonly unregister: () => void;
  private ended = false;

  constructor(
    private readonly clip: Clip,
    private readonly out: MediaOutput,
    private readonly clock: Clock,
    ticker: Ticker,
    /** Playback: stop after this much media; undefined for live. */
    private readonly lengthMs?: number,
  ) {
    this.startedAt = clock.now();
    this.unregister = ticker.add(() => this.tick());
  }

  /** Media position played so far (ms from the start of the range). */
  get position(): number {
    return this.mediaStart + (this.clock.now() - this.startedAt);
  }

  /** Jumps to `positionMs` of the range: continues from the key frame at or before it. */
  seek(positionMs: number): void {
    const inClip = positionMs % this.clip.durationMs;
    const frames = this.clip.frames;
    let i = 0;
    for (let k = 0; k < frames.length; k++) {
      const f = frames[k]!;
      if (f.dts > inClip) break;
      if (f.key && f.track.kind === 'video') i = k;
    }
    this.index = i;
    this.loopOffset = positionMs - inClip;
    this.mediaStart = this.loopOffset + frames[i]!.dts;
    this.startedAt = this.clock.now();
    this.out.discontinuity('seek');
  }

  private tick(): void {
    if (this.ended) return;
    const now = this.position;
    const frames = this.clip.frames;
    for (;;) {
      const f = frames[this.index]!;
      const t = this.loopOffset + f.dts;
      if (t > now) break;
      if (this.lengthMs !== undefined && t >= this.lengthMs) {
        this.stop();
        this.out.end();
        return;
      }
      this.out.writeFrame(this.shift(f));
      if (++this.index >= frames.length) {
        this.index = 0;
        this.loopOffset += this.clip.durationMs;
      }
    }
  }

  private shift(f: MediaFrame): MediaFrame {
    return { track: f.track, key: f.key, data: f.data, dts: this.loopOffset + f.dts, pts: this.loopOffset + f.pts };
  }

  stop(): void {
    this.ended = true;
    this.unregister();
  }
}
