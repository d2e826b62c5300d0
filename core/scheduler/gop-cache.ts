import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { frameByteLength } from '@nvr-pusher/core/media';

/**
 * The frames since the last video key frame (audio included), so that a re-published session starts with a
 * picture at once instead of waiting up to a GOP. Bounded by bytes: an over-long GOP is dropped whole.
 */
export class GopCache {
  private frames: MediaFrame[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(frame: MediaFrame): void {
    if (frame.track.kind === 'video' && frame.key) {
      this.frames = [];
      this.bytes = 0;
    } else if (this.frames.length === 0) {
      return; // nothing useful before the first key frame
    }
    if (this.bytes + frameByteLength(frame) > this.maxBytes) {
      this.clear();
      return;
    }
    this.frames.push(frame);
    this.bytes += frameByteLength(frame);
  }

  /** The cached GOP, oldest first (starts with a video key frame) or empty. */
  snapshot(): readonly MediaFrame[] {
    return this.frames;
  }

  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.frames = [];
    this.bytes = 0;
  }
}
