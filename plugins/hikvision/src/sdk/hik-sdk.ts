/**
 * The SDK as the plugin sees it: domain-neutral names, plain data, promises. `KoffiHikSdk` implements it over
 * the real library; tests implement it with a fake. Vendor identifiers stay inside `src/sdk/`.
 */
import type { WallTime } from '@nvr-pusher/core/contracts';

/** An SDK call failed: the function, `NET_DVR_GetLastError()` (read on the calling thread) and the table's text. */
export class HikSdkError extends Error {
  constructor(
    readonly fn: string,
    readonly code: number,
    readonly text: string,
    /** Login failures on devices that lock accounts: attempts left / seconds until unlocked. */
    readonly lock?: { attemptsLeft?: number; lockSeconds?: number },
    /** The SDK's own text for the code (`NET_DVR_GetErrorMsg`, read on the calling thread). */
    readonly sdkMessage?: string,
  ) {
    super(`${fn} failed: ${text}${sdkMessage ? ` (SDK: ${sdkMessage})` : ''} (Hikvision error ${code})`);
    this.name = 'HikSdkError';
  }
}

export interface SdkInitOptions {
  /** Directory holding the library and `HCNetSDKCom/`. */
  readonly sdkDir: string;
  readonly libcryptoPath?: string;
  readonly libsslPath?: string;
  readonly connectTimeoutMs: number;
  readonly connectTries: number;
  readonly reconnectIntervalMs: number;
  /** SDK threads making the blocking calls (default 1); a slow login occupies one for the connect timeout. */
  readonly threads?: number;
}

/** What a login tells about the device (vendor notes §4.2/§4.3, §8). */
export interface DeviceInfo {
  readonly userId: number;
  readonly serial: string;
  readonly analogStart: number;
  readonly analogCount: number;
  /** First IP channel number, 0 = no IP channels (NVRs typically 33). */
  readonly ipStart: number;
  readonly ipCount: number;
  readonly supportsLock: boolean;
  readonly attemptsLeft: number;
}

/** Payload of a data callback, already copied out of SDK memory. */
export type DataListener = (dataType: number, bytes: Uint8Array) => void;
export interface SdkException {
  readonly type: number;
  readonly userId: number;
  readonly handle: number;
}

export interface LiveRequest {
  readonly channel: number;
  /** 0 main, 1 sub. */
  readonly streamType: number;
  /** 0 TCP, 1 UDP, 2 multicast, 3 RTP, 4 RTP/RTSP, 5 RTSP/HTTP. */
  readonly linkMode: number;
}

export interface TimeRange {
  readonly channel: number;
  readonly start: WallTime;
  readonly end: WallTime;
}

export interface FoundFile {
  readonly fileName: string;
  readonly fileSize: number;
  readonly start: WallTime;
  readonly stop: WallTime;
}

/** One step of a record search (vendor notes §6.4). */
export type SearchStep =
  | { readonly status: 'file'; readonly file: FoundFile }
  | { readonly status: 'busy' }
  | { readonly status: 'none' }
  | { readonly status: 'end' }
  | { readonly status: 'failed'; readonly code: number };

export interface HikSdk {
  /** e.g. `6.1.9.55`. */
  readonly version: string;
  /** Subscribes to the process-wide exception callback; returns the unsubscribe function. */
  onException(listener: (e: SdkException) => void): () => void;
  login(address: string, port: number, user: string, password: string): Promise<DeviceInfo>;
  logout(userId: number): Promise<void>;
  /** Starts live play; `onData` receives SYSHEAD first, then PS data. Resolves with the live handle. */
  startLive(userId: number, req: LiveRequest, onData: DataListener): Promise<number>;
  stopLive(handle: number): Promise<void>;
  openSearch(userId: number, range: TimeRange): Promise<number>;
  nextFile(search: number): Promise<SearchStep>;
  closeSearch(search: number): Promise<void>;
  /** Opens playback by time, sets the data callback and starts it. Resolves with the playback handle. */
  startPlayback(userId: number, range: TimeRange, onData: DataListener): Promise<number>;
  /** Repositions playback to `time`. */
  seekPlayback(handle: number, time: WallTime): Promise<void>;
  /** Played percentage 0–100; above 100 means abnormal end / network error. */
  playbackPosition(handle: number): Promise<number>;
  stopPlayback(handle: number): Promise<void>;
  /** PTZ on a channel (SDK command code, §3.3). */
  ptz(userId: number, channel: number, command: number, stop: boolean, speed: number): Promise<void>;
  /** Data callbacks currently registered (leak checks). */
  registeredCallbacks(): number;
  /** Releases the SDK (Cleanup) and every callback. */
  cleanup(): Promise<void>;
}
