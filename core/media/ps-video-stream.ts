/**
 * One video elementary stream of a program stream: PES payloads (a frame may span several PES packets, PTS on
 * the first only, as Hikvision sends it; or one NAL unit per PES, all with the same PTS, as Dahua/GB28181
 * devices do) → access units with their own PTS/DTS.
 */
import type { MediaFrame, VideoCodec } from '../contracts/media.js';
import { annexBFrame } from './annexb-frame.js';
import { AnnexBSplitter, type SplitAccessUnit } from './annexb-splitter.js';
import { VideoTrackTracker } from './video-track-tracker.js';

/** Decode/presentation time of an access unit, ms on the unwrapped 90 kHz timeline. */
interface Timing {
  dts: number;
  pts: number;
}

/** Frame duration assumed for an AU that starts without a PTS of its own before two PTS were seen (25 fps). */
const DEFAULT_FRAME_MS = 40;

export class PsVideoStream {
  private readonly splitter: AnnexBSplitter<Timing | undefined>;
  private readonly tracker: VideoTrackTracker;
  /** Timing of a PES packet not yet given to an AU. */
  private pending: Timing | undefined;
  private lastPesPts: number | undefined;
  private last: Timing | undefined;
  private frameMs = DEFAULT_FRAME_MS;

  constructor(readonly codec: VideoCodec) {
    this.splitter = new AnnexBSplitter(codec, () => this.startAccessUnit());
    this.tracker = new VideoTrackTracker(codec);
  }

  /** One PES packet's payload; `pts`/`dts` in ms (unwrapped) when the PES has them. */
  pes(payload: Uint8Array, pts: number | undefined, dts: number | undefined, out: MediaFrame[]): void {
    if (pts !== undefined) {
      // The same PTS again continues the AU (one NAL unit per PES); a new one belongs to the next AU to start.
      if (pts !== this.lastPesPts) this.pending = { pts, dts: dts ?? pts };
      this.lastPesPts = pts;
    }
    for (const au of this.splitter.push(payload)) this.emit(au, out);
  }

  flush(out: MediaFrame[]): void {
    for (const au of this.splitter.flush()) this.emit(au, out);
  }

  private startAccessUnit(): Timing | undefined {
    let t = this.pending;
    this.pending = undefined;
    if (t === undefined && this.last !== undefined) {
      // An AU that began inside a PES whose PTS was already used: extrapolate by one frame.
      t = { dts: this.last.dts + this.frameMs, pts: this.last.pts + this.frameMs };
    }
    if (t !== undefined) {
      if (this.last !== undefined && t.dts > this.last.dts) this.frameMs = t.dts - this.last.dts;
      this.last = t;
    }
    return t;
  }

  private emit({ nals, tag }: SplitAccessUnit<Timing | undefined>, out: MediaFrame[]): void {
    if (tag === undefined) return; // before the first PTS: no timeline to place it on
    const { track, key } = this.tracker.accessUnitNals(nals);
    const dts = Math.round(tag.dts);
    out.push(annexBFrame(track, dts, Math.max(dts, Math.round(tag.pts)), key, nals));
  }
}
