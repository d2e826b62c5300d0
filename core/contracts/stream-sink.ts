import type { MediaFrame, ContainerFormat } from './media.js';
import type { PusherError } from './errors.js';

/** Where one upstream is published. */
export interface PublishTarget {
  /** Full RTMP URL to publish to, stream key included (`rtmp://host:1935/live/<key>`). May carry a query string. */
  readonly url: string;
  /** The stream key alone. */
  readonly streamKey: string;
  readonly kind: 'live' | 'playback';
}

/** Counters a sink session may expose for metrics (read by the core on each scrape). */
export interface SinkStats {
  readonly framesIn: number;
  readonly bytesIn?: number;
  /** Frames (or raw chunks) dropped under back-pressure. */
  readonly dropped: number;
  /** Frames written to the server. */
  readonly framesOut?: number;
  /** Frames not sent by policy (before the first key frame, audio under an audio-drop policy, unusable). */
  readonly skipped?: number;
  readonly bytesOut?: number;
}

/** One publication of one upstream. Created by {@link StreamSink.open}, used by one core pipeline. */
export interface SinkSession {
  /**
   * If the session wants the source's raw bytes in `format` (e.g. ffmpeg reading MPEG-PS), returns true and the
   * core calls {@link writeRaw} instead of demuxing. Asked once, before any data.
   */
  acceptsRaw?(format: ContainerFormat): boolean;
  /** Raw container bytes (only after `acceptsRaw` said yes). Must not block; buffer bounded, drop if needed. */
  writeRaw?(data: Uint8Array): void;
  /** One frame. Must not block; under back-pressure the sink drops non-key frames up to the next key frame. */
  writeFrame(frame: MediaFrame): void;
  /** The source timeline breaks: the sink keeps the published timestamps increasing across it. */
  discontinuity(): void;
  /**
   * Resolves once the first video key frame is on the wire to the RTMP server. Rejects with ERR_CON_RTMPSEVER
   * (602) naming the step when connecting/publishing fails.
   */
  readonly published: Promise<void>;
  /**
   * Resolves when the session ends on its own after `published` (server dropped it, encoder died), with the
   * error. Never resolves after `close()` was called. The core then opens a new session (back-off, limit).
   */
  readonly failed: Promise<PusherError>;
  /** Optional counters for metrics; must be cheap and never throw. */
  stats?(): SinkStats;
  /** Ends the publication and frees everything (sockets, child processes). Idempotent, never throws. */
  close(): Promise<void>;
}

/** A sink plugin instance. */
export interface StreamSink {
  /** Opens a publication. Does not wait for the server: failures surface through `published`. */
  open(target: PublishTarget): SinkSession;
  /** Frees shared resources at shutdown, after every session was closed. */
  dispose?(): Promise<void>;
}
