/** The StreamSink: frames → FLV tags → RTMP, in process (no ffmpeg per stream). */
import type { Logger, MediaFrame, PublishTarget, PusherError, SinkSession, SinkStats, StreamSink } from '@nvr-pusher/core/contracts';
import { isPusherError, rtmpFailed } from '@nvr-pusher/core/contracts';
import { frameByteLength } from '@nvr-pusher/core/media';
import type { NativeFlvSinkOptions } from './config.js';
import { FlvMuxer, type MuxedMessage } from './flv-muxer.js';
import { MAX_MESSAGE_SIZE } from './format/rtmp-chunk-writer.js';
import { publish, unpublish, type Publishing } from './rtmp-publish.js';
import type { RtmpConnection } from './rtmp-connection.js';
import { parseRtmpUrl } from './rtmp-url.js';

/** The contract's counters plus what this sink knows. `framesIn = framesOut + dropped + skipped` once publishing. */
export interface NativeFlvSinkStats extends SinkStats {
  framesIn: number;
  /** Bytes of frame data handed to `writeFrame`. */
  bytesIn: number;
  framesOut: number;
  /** Frames dropped under back-pressure (socket queue or pre-publish queue over maxBufferedBytes). */
  dropped: number;
  /** Frames not sent for other reasons: before the first key frame, audio with `audio: drop`, unusable. */
  skipped: number;
  /** Bytes written to the socket (RTMP chunks). */
  bytesOut: number;
}

type Pending = { frame: MediaFrame } | { discontinuity: true };

export class NativeFlvSink implements StreamSink {
  constructor(private readonly options: NativeFlvSinkOptions, private readonly logger: Logger) {}

  open(target: PublishTarget): NativeFlvSession {
    return new NativeFlvSession(target, this.options, this.logger.child({ streamKey: target.streamKey }));
  }
}

export class NativeFlvSession implements SinkSession {
  readonly published: Promise<void>;
  readonly failed: Promise<PusherError>;
  private resolvePublished!: () => void;
  private rejectPublished!: (e: PusherError) => void;
  private resolveFailed!: (e: PusherError) => void;
  private readonly muxer: FlvMuxer;
  private connection?: RtmpConnection;
  private publishing?: Publishing;
  private state: 'connecting' | 'publishing' | 'published' | 'ended' = 'connecting';
  private queue: Pending[] = [];
  private queuedBytes = 0;
  /** The queue holds a video key frame (anything before one would be dropped by the muxer anyway). */
  private queuedKey = false;
  /** Dropping until the next video key frame (queue overflow or socket congestion). */
  private waitKey = false;
  private keyQueued = false;
  private keyFlushed = false;
  private settled = false;
  private settleTimer?: NodeJS.Timeout;
  private warnedG711 = false;
  private readonly counters: NativeFlvSinkStats = { framesIn: 0, bytesIn: 0, framesOut: 0, dropped: 0, skipped: 0, bytesOut: 0 };
  private readonly streamName: string;

  constructor(target: PublishTarget, private readonly options: NativeFlvSinkOptions, private readonly logger: Logger) {
    this.published = new Promise<void>((resolve, reject) => {
      this.resolvePublished = resolve;
      this.rejectPublished = reject;
    });
    this.published.catch(() => undefined); // the core may not be listening yet; never an unhandled rejection
    this.failed = new Promise<PusherError>((resolve) => (this.resolveFailed = resolve));
    this.muxer = new FlvMuxer({ audio: options.audio });
    let url;
    try {
      url = parseRtmpUrl(target.url);
    } catch (e) {
      this.streamName = target.streamKey;
      this.end(isPusherError(e) ? rtmpFailed('connect', e.message) : rtmpFailed('connect', String(e)));
      return;
    }
    this.streamName = url.streamName;
    publish(url, options, (c) => {
      if (this.state === 'ended') void c.close();
      else this.connection = c;
    })
      .then((p) => this.onPublishing(p))
      .catch((e: unknown) => this.end(isPusherError(e) ? e : rtmpFailed('publish', `internal error: ${String(e)}`, e)));
  }

  stats(): NativeFlvSinkStats {
    return { ...this.counters };
  }

  writeFrame(frame: MediaFrame): void {
    if (this.state === 'ended') return;
    this.counters.framesIn++;
    this.counters.bytesIn += frameByteLength(frame);
    if (this.state === 'connecting') return this.enqueue(frame);
    this.send(frame);
  }

  discontinuity(): void {
    if (this.state === 'ended') return;
    if (this.state === 'connecting') this.queue.push({ discontinuity: true });
    else this.muxer.discontinuity();
  }

  async close(): Promise<void> {
    if (this.state === 'ended' && !this.connection) return;
    const c = this.connection;
    this.connection = undefined;
    if (this.publishing && c?.isOpen) unpublish(this.publishing, this.streamName);
    this.end(rtmpFailed(this.publishing ? 'stream' : 'connect', 'session closed'), true);
    if (c) await c.close();
  }

  /** Before Publish.Start frames wait here, bounded by maxBufferedBytes (overflow: restart at a key frame). */
  private enqueue(frame: MediaFrame): void {
    const isKeyVideo = frame.track.kind === 'video' && frame.key;
    if (!isKeyVideo) {
      if (this.waitKey) return this.countDrop(true);
      // Nothing before the first key frame would be sent anyway: don't hold it.
      if (!this.queuedKey) return this.countDrop(false);
    }
    this.waitKey = false;
    const size = frameByteLength(frame);
    if (this.queuedBytes + size > this.options.maxBufferedBytes) {
      this.counters.dropped += this.queue.filter((p) => 'frame' in p).length;
      this.queue = this.queue.filter((p) => !('frame' in p));
      this.queuedBytes = 0;
      this.queuedKey = false;
      if (!isKeyVideo) {
        this.waitKey = true;
        return this.countDrop(true);
      }
    }
    this.queue.push({ frame });
    this.queuedBytes += size;
    if (isKeyVideo) this.queuedKey = true;
  }

  private onPublishing(p: Publishing): void {
    if (this.state === 'ended') {
      void p.connection.close();
      return;
    }
    this.publishing = p;
    this.state = 'publishing';
    this.logger.info({ streamId: p.streamId }, 'RTMP publish started');
    void p.connection.closed.then((e) => this.end(e));
    if (this.options.publishSettleMs > 0) {
      this.settleTimer = setTimeout(() => {
        this.settled = true;
        this.maybePublished();
      }, this.options.publishSettleMs);
    } else {
      this.settled = true;
    }
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const q of queued) {
      if ('discontinuity' in q) this.muxer.discontinuity();
      else this.send(q.frame);
    }
  }

  private send(frame: MediaFrame): void {
    const c = this.publishing!.connection;
    const isKeyVideo = frame.track.kind === 'video' && frame.key;
    const congested = c.socket.writableLength > this.options.maxBufferedBytes;
    if (this.waitKey || congested) {
      // Back-pressure: nothing until a key frame finds the socket below the limit again.
      if (!isKeyVideo || congested) {
        this.waitKey = true;
        return this.countDrop(true);
      }
      this.waitKey = false;
    }
    if (frame.track.kind === 'audio' && !this.warnedG711 && this.options.audio === 'pass' && frame.track.codec !== 'aac') {
      this.warnedG711 = true;
      this.logger.info({ codec: frame.track.codec }, 'publishing G.711 audio: SRS drops G.711 (only AAC/MP3 reach its players); set audio to "aac" (the default) for players behind SRS');
    }
    let messages: MuxedMessage[];
    try {
      messages = this.muxer.mux(frame);
      for (const m of messages) {
        // A message over RTMP's 24-bit length cannot be sent; drop the frame rather than throw into the core.
        if (m.length > MAX_MESSAGE_SIZE) throw new Error(`frame of ${m.length} bytes exceeds RTMP's ${MAX_MESSAGE_SIZE}`);
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'frame dropped: cannot be muxed');
      return this.countDrop(false);
    }
    if (messages.length === 0) {
      if (this.muxer.lastDrop === 'audio-buffering') return; // G.711 → AAC: the frame is in the next AAC block
      if (this.muxer.lastDrop === 'audio-unsupported' && !this.warnedG711) {
        this.warnedG711 = true;
        this.logger.warn({ codec: frame.track.codec }, 'audio cannot be transcoded to AAC (not mono 8/16 kHz): dropped');
      }
      return this.countDrop(false);
    }
    this.counters.framesOut++;
    for (const m of messages) this.write(c, m);
  }

  private write(c: RtmpConnection, m: MuxedMessage): void {
    const first = m.keyFrame && !this.keyQueued;
    if (first) this.keyQueued = true;
    const message = { csid: m.csid, timestamp: m.timestamp, typeId: m.typeId, streamId: this.publishing!.streamId, payload: m.payload };
    // The write callback runs once the bytes are handed to the kernel: that is "on the wire" for `published`.
    this.counters.bytesOut += c.send(message, first ? () => this.onKeyFlushed() : undefined);
  }

  private onKeyFlushed(): void {
    this.keyFlushed = true;
    this.maybePublished();
  }

  private maybePublished(): void {
    if (this.state !== 'publishing' || !this.settled || !this.keyFlushed) return;
    this.state = 'published';
    this.resolvePublished();
  }

  private countDrop(congestion: boolean): void {
    if (congestion) this.counters.dropped++;
    else this.counters.skipped++;
  }

  /** Ends the session once: rejects `published` or resolves `failed` (unless closed by the core). */
  private end(e: PusherError, byClose = false): void {
    const was = this.state;
    if (was === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.settleTimer);
    this.queue = [];
    if (was === 'published') {
      if (!byClose) {
        this.logger.warn({ err: e }, 'RTMP server ended the publication');
        this.resolveFailed(e);
      }
    } else if (was === 'publishing') {
      // Publish.Start was answered but the server dropped us before a key frame was out (and, when the optional
      // publishSettleMs is set, settled): how SRS and node-media-server refuse a busy stream name.
      const why = this.settled
        ? 'server closed the connection before the first key frame was sent'
        : `server closed the connection right after NetStream.Publish.Start (stream name in use or not allowed?)`;
      this.rejectPublished(byClose ? e : rtmpFailed('publish', why, e));
    } else {
      this.rejectPublished(e);
    }
    if (!byClose && this.connection) void this.connection.close();
  }
}
