/**
 * An RtspPlay wired to a MediaOutput: frames are written until close(); a broken connection is reported once
 * (`out.fail` for live so the core restarts the source; for playback `out.end()` when the range is played out).
 */
import type { MediaOutput, PusherError } from '@nvr-pusher/core/contracts';
import { RtspPlay, type RtspPlayOptions } from './rtsp/rtsp-play.js';
import type { RtspError } from './rtsp/rtsp-connection.js';

export interface MediaSessionOptions extends RtspPlayOptions {
  /** Media duration after which playback ends (`out.end()`), ms; undefined for live. */
  durationMs?: number;
  /** The error for a connection lost mid-stream. */
  onLost(e: RtspError): PusherError;
}

export class MediaSession {
  private play?: RtspPlay;
  private closed = false;
  private firstDts?: number;
  private lastDts?: number;
  private ended = false;

  private constructor(private readonly out: MediaOutput) {}

  static async open(o: MediaSessionOptions, out: MediaOutput, signal: AbortSignal): Promise<MediaSession> {
    const s = new MediaSession(out);
    s.play = await RtspPlay.open(o, {
      frames: (frames) => {
        if (s.closed || s.ended) return;
        for (const f of frames) {
          if (f.track.kind === 'video') {
            s.firstDts ??= f.dts;
            s.lastDts = f.dts;
          }
          out.writeFrame(f);
          if (o.durationMs !== undefined && s.firstDts !== undefined && f.dts - s.firstDts >= o.durationMs) {
            s.ended = true;
            out.end();
            return;
          }
        }
      },
      lost: (e) => {
        if (s.closed || s.ended) return;
        s.ended = true;
        // A device that closes the connection at the end of the recording (within 2 s of it) ended playback.
        const played = s.firstDts !== undefined && s.lastDts !== undefined ? s.lastDts - s.firstDts : -1;
        if (o.durationMs !== undefined && played >= o.durationMs - 2000) out.end();
        else out.fail(o.onLost(e));
      },
    }, signal);
    return s;
  }

  /** Stops the writes now, then tears the RTSP session down. Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.play?.close();
  }
}
