import type { WallTime } from './time.js';
import type { MediaFrame } from './media.js';
import type { PusherError } from './errors.js';

/** Who and where: the NVR part of a REAL_STREAM/BACK_STREAM request. */
export interface NvrCredentials {
  readonly category: number;
  readonly addr: string;
  readonly port: number;
  readonly user: string;
  /** Never logged, never echoed, never part of a printed key. */
  readonly password: string;
}

/**
 * An opaque login a source returned. The core's login pool keeps one per (category, addr, port, user,
 * password) and hands the same object to every stream of that NVR.
 */
export interface NvrLogin {
  /** Short printable id for logs (no secret). */
  readonly id: string;
}

/**
 * Where a source writes media. Provided by the core for each upstream; safe to call from any JS context but
 * never from inside a koffi callback without copying the bytes first.
 */
export interface MediaOutput {
  /** Container bytes of a registered format (`ContainerFormat.name`). Ownership of `data` passes to the core. */
  writeRaw(format: string, data: Uint8Array): void;
  /** A demuxed frame (sources that have frames, e.g. the simulator). */
  writeFrame(frame: MediaFrame): void;
  /** The source timeline breaks here (seek, reconnect, clock jump); following timestamps may jump. */
  discontinuity(reason: string): void;
  /** Connection to the NVR lost / being re-established / back (the stream keeps its rtmp_url meanwhile). */
  state(state: 'reconnecting' | 'resumed', detail?: string): void;
  /** Playback reached the end of the recording: the core stops the task. */
  end(): void;
  /** The session failed for good after it had started (the core stops the task or retries per policy). */
  fail(error: PusherError): void;
}

/** A running live or playback session at the NVR. */
export interface SourceSession {
  /**
   * Stops the SDK session and releases everything it registered (callbacks, handles). Called exactly once by
   * the core; must not throw (log instead). After it resolves no more calls reach the MediaOutput.
   */
  close(): Promise<void>;
}

/** What the core asks of every source plugin. */
export interface NvrSource {
  /**
   * Logs in. Called by the core's login pool only (once per NVR+user, shared). Rejects with ERR_NVR_LOGIN (606)
   * carrying the vendor code. Must honour `signal` (reject with the abort reason when aborted).
   */
  login(credentials: NvrCredentials, signal: AbortSignal): Promise<NvrLogin>;
  /** Logs out. Called by the pool after the last user is gone and a grace period passed. Never throws. */
  logout(login: NvrLogin): Promise<void>;
  /**
   * Starts live play of `channel` and writes its media to `out`. Resolves once the NVR accepted the play (media
   * may follow later); rejects with ERR_PLAY_REAL (603). The core awaits the first key frame itself.
   */
  openLive(login: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession>;
  /** Releases the SDK (Cleanup). Called once at shutdown after every session is closed and login logged out. */
  dispose?(): Promise<void>;
}

/** One recording file as the NVR reports it. */
export interface RecordFile {
  readonly fileName: string;
  /** Bytes. */
  readonly fileSize: number;
  readonly start: WallTime;
  readonly stop: WallTime;
}

/** A playback session that can seek. */
export interface SeekableSession extends SourceSession {
  /** Moves playback to `time`; the source calls `out.discontinuity()` itself. Rejects with ERR_PLAY_CONTROL (608). */
  seek(time: WallTime): Promise<void>;
}

/** Optional capability `playback`. */
export interface PlaybackSource {
  /** All recordings of `channel` overlapping [start, end), in time order. Empty array when none (the core answers 607). */
  findRecords(login: NvrLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]>;
  /** Plays back [start, end); rejects with ERR_PLAY_BACK (604). Calls `out.end()` when the range is played out. */
  openPlayback(login: NvrLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession | SourceSession>;
}

/** The API's 14 PTZ commands (API.md table). */
export const PtzCommand = {
  ZOOM_IN: 0, ZOOM_OUT: 1, FOCUS_NEAR: 2, FOCUS_FAR: 3, IRIS_OPEN: 4, IRIS_CLOSE: 5,
  TILT_UP: 6, TILT_DOWN: 7, PAN_LEFT: 8, PAN_RIGHT: 9, UP_LEFT: 10, UP_RIGHT: 11, DOWN_LEFT: 12, DOWN_RIGHT: 13,
} as const;
export type PtzCommandCode = (typeof PtzCommand)[keyof typeof PtzCommand];

/** Optional capability `ptz`. The core times `duration` and sends the stop; a new command stops the old one first. */
export interface PtzSource {
  /** Starts (`stop=false`) or stops (`stop=true`) a move. Rejects with ERR_PTZ_CONTROL (609). */
  ptz(login: NvrLogin, channel: number, command: PtzCommandCode, stop: boolean, signal: AbortSignal): Promise<void>;
}
