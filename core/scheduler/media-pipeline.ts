import {
  PusherError, liveFailed,
  type AudioTrack, type ContainerFormat, type Demuxer, type FormatLookup, type Logger, type MediaFrame, type MediaOutput, type SinkSession, type VideoTrack,
} from '@nvr-pusher/core/contracts';
import { frameByteLength } from '@nvr-pusher/core/media';
import { GopCache } from './gop-cache.js';
import { RateMeter } from './rate-meter.js';
import { monotonicNow } from './clock.js';

export interface PipelineEvents {
  onEnd(): void;
  onFail(error: PusherError): void;
}

export interface PipelineStats {
  bytesIn: number;
  framesIn: number;
  keyFramesIn: number;
  demuxErrors: number;
  /** Clock time of the last data from the source (0: none yet). */
  lastDataAt: number;
}

/**
 * The core's side of one upstream: what the source writes (`MediaOutput`) goes to the current sink session, raw
 * when the sink reads that container itself, else demuxed into frames by the format's demuxer. Keeps a GOP for
 * re-published sessions. Sessions may be swapped (re-publish) while the source keeps running.
 */
export class MediaPipeline implements MediaOutput {
  private session?: SinkSession;
  private rawMode = false;
  private format?: ContainerFormat;
  private demuxer?: Demuxer;
  private readonly gop: GopCache;
  private closed = false;
  readonly stats: PipelineStats = { bytesIn: 0, framesIn: 0, keyFramesIn: 0, demuxErrors: 0, lastDataAt: 0 };
  /** The latest video and audio tracks seen (frame mode; a sink reading raw bytes sees them itself). */
  private readonly tracks: { video?: VideoTrack; audio?: AudioTrack } = {};
  private readonly bytesRate = new RateMeter();
  private readonly videoFrameRate = new RateMeter();

  constructor(
    private readonly formats: FormatLookup,
    private readonly logger: Logger,
    private readonly events: PipelineEvents,
    gopCacheMaxBytes: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.gop = new GopCache(gopCacheMaxBytes);
  }

  /** What arrives now: codecs and size of the latest tracks, bit rate and video frame rate in (read-only). */
  media() {
    const now = this.now();
    const { video, audio } = this.tracks;
    return {
      video: video ? { codec: video.codec, width: video.width, height: video.height } : undefined,
      audio: audio ? { codec: audio.codec, sampleRate: audio.sampleRate, channels: audio.channels } : undefined,
      bitrateIn: Math.round(this.bytesRate.rate(now) * 8),
      fpsIn: Math.round(this.videoFrameRate.rate(now) * 10) / 10,
    };
  }

  /** Routes output to `session` from now on; a frame-mode session first gets the cached GOP. */
  attach(session: SinkSession): void {
    this.session = session;
    this.rawMode = this.format ? this.wantsRaw(session, this.format) : false;
    if (!this.rawMode) for (const f of this.gop.snapshot()) session.writeFrame(f);
  }

  /** Accepts output again after a source failure (the core opened a new source session). */
  resume(): void {
    this.closed = false;
    this.demuxer = undefined;
    this.stats.lastDataAt = this.now();
  }

  detach(): void {
    this.session = undefined;
  }

  close(): void {
    this.closed = true;
    this.session = undefined;
    this.gop.clear();
  }

  private wantsRaw(session: SinkSession, format: ContainerFormat): boolean {
    return Boolean(session.acceptsRaw?.(format) && session.writeRaw);
  }

  writeRaw(formatName: string, data: Uint8Array): void {
    if (this.closed) return;
    this.stats.bytesIn += data.length;
    this.stats.lastDataAt = this.now();
    this.bytesRate.add(data.length, this.stats.lastDataAt);
    if (!this.format) {
      const f = this.formats.get(formatName);
      if (!f) {
        this.closed = true;
        this.events.onFail(liveFailed({ vendor: 'core', text: `the source delivers container format '${formatName}', which no loaded plugin can read` }));
        return;
      }
      this.format = f;
      this.rawMode = this.session ? this.wantsRaw(this.session, f) : false;
    }
    if (this.rawMode && this.session) {
      this.session.writeRaw!(data);
      return;
    }
    this.demuxer ??= this.format.createDemuxer();
    let frames: MediaFrame[];
    try {
      frames = this.demuxer.push(data);
    } catch (e) {
      this.stats.demuxErrors++;
      if (this.stats.demuxErrors <= 3 || this.stats.demuxErrors % 100 === 0)
        this.logger.warn({ err: e, count: this.stats.demuxErrors }, `cannot demux ${this.format.name} data; resynchronising`);
      this.demuxer = this.format.createDemuxer();
      return;
    }
    for (const f of frames) this.forward(f);
  }

  writeFrame(frame: MediaFrame): void {
    if (this.closed) return;
    const bytes = frameByteLength(frame);
    this.stats.bytesIn += bytes;
    this.stats.lastDataAt = this.now();
    this.bytesRate.add(bytes, this.stats.lastDataAt);
    this.forward(frame);
  }

  private forward(frame: MediaFrame): void {
    this.stats.framesIn++;
    if (frame.track.kind === 'video') {
      if (frame.key) this.stats.keyFramesIn++;
      this.tracks.video = frame.track;
      this.videoFrameRate.add(1, this.stats.lastDataAt); // the delivery's own clock reading (writeRaw/writeFrame)
    } else this.tracks.audio = frame.track;
    this.gop.add(frame);
    this.session?.writeFrame(frame);
  }

  discontinuity(reason: string): void {
    if (this.closed) return;
    this.logger.info({ reason }, 'source timeline discontinuity');
    this.session?.discontinuity();
  }

  state(state: 'reconnecting' | 'resumed', detail?: string): void {
    if (this.closed) return;
    if (state === 'reconnecting') this.logger.warn({ detail }, 'NVR connection lost; the source is reconnecting');
    else this.logger.info({ detail }, 'NVR connection resumed');
    if (state === 'resumed') this.session?.discontinuity();
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onEnd();
  }

  fail(error: PusherError): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onFail(error instanceof PusherError ? error : liveFailed({ vendor: 'core', text: String(error) }));
  }
}
