/** H.264/H.265 Annex-B elementary stream (ITU-T H.264 / H.265 Annex B) → one MediaFrame per access unit. */
import type { ContainerFormat, Demuxer, MediaFrame, VideoCodec } from '../contracts/media.js';
import { annexBFrame } from './annexb-frame.js';
import { AnnexBSplitter, type SplitAccessUnit } from './annexb-splitter.js';
import { VideoTrackTracker } from './video-track-tracker.js';

/** Push framer: an Annex-B stream split anywhere → access units with dts = pts = n·1000/frameRate ms. */
export class AnnexBFramer implements Demuxer {
  private readonly splitter: AnnexBSplitter<number>;
  private readonly tracker: VideoTrackTracker;
  private readonly frameRate: number;
  private count = 0;

  constructor(readonly codec: VideoCodec, { frameRate = 25 }: { frameRate?: number } = {}) {
    if (!(frameRate > 0)) throw new RangeError(`frameRate must be > 0, got ${frameRate}`);
    this.frameRate = frameRate;
    this.splitter = new AnnexBSplitter(codec, () => this.count++);
    this.tracker = new VideoTrackTracker(codec, frameRate);
  }

  push(chunk: Uint8Array): MediaFrame[] {
    return this.splitter.push(chunk).map((au) => this.frame(au));
  }

  flush(): MediaFrame[] {
    return this.splitter.flush().map((au) => this.frame(au));
  }

  private frame({ nals, tag }: SplitAccessUnit<number>): MediaFrame {
    const { track, key } = this.tracker.accessUnitNals(nals);
    const t = Math.round((tag * 1000) / this.frameRate);
    return annexBFrame(track, t, t, key, nals);
  }
}
/** Raw H.264 Annex-B elementary stream. */
export const h264Format: ContainerFormat = {
  name: 'h264',
  ffmpegFormat: 'h264',
  createDemuxer: () => new AnnexBFramer('h264'),
};

/** Raw H.265 Annex-B elementary stream. */
export const h265Format: ContainerFormat = {
  name: 'h265',
  ffmpegFormat: 'hevc',
  createDemuxer: () => new AnnexBFramer('h265'),
};
