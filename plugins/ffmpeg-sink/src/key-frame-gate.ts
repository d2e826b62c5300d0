/**
 * The frame drop policy under back-pressure: once a video frame could not be queued (or before the first key
 * frame), video waits for the next key frame — a P-frame without its references would only show corruption.
 * Audio is sent whenever it fits.
 */
import type { MediaFrame } from '@nvr-pusher/core/contracts';

export class KeyFrameGate {
  #waitKey = true;

  /** Whether the frame should be offered at all (false: drop it without trying). */
  admits(frame: MediaFrame): boolean {
    return frame.track.kind !== 'video' || frame.key || !this.#waitKey;
  }

  /** Records whether an admitted frame could be queued. */
  settle(frame: MediaFrame, queued: boolean): void {
    if (frame.track.kind === 'video') this.#waitKey = !queued;
  }
}
