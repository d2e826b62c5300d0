/** The domain-neutral view of the Dahua SDK the adapter depends on (tests may inject another implementation). */
import type { WallTime } from '@nvr-pusher/core/contracts';

/** Handles are 64-bit (`LLONG`); 0 means failure and never reaches the adapter. */
export type DhHandle = bigint;

/** A failed SDK call: `code` is CLIENT_GetLastError() (0x80000000 | n) read on the calling thread, `loginError` the login nError. */
export class DhSdkError extends Error {
  constructor(
    readonly operation: string,
    readonly code: number,
    readonly loginError?: number,
  ) {
    super(`${operation} failed with 0x${(code >>> 0).toString(16)}`);
    this.name = 'DhSdkError';
  }
}

export interface DhLoginResult {
  readonly handle: DhHandle;
  readonly channels: number;
  readonly serial: string;
}

export interface DhRecord {
  /** SDK (0-based) channel. */
  readonly channel: number;
  readonly fileName: string;
  readonly sizeKb: number;
  readonly start: WallTime;
  readonly stop: WallTime;
}

export interface DhConnectionEvents {
  /** The SDK lost the connection of a login (auto-reconnect will try again if enabled). */
  disconnected(login: DhHandle): void;
  /** The SDK reconnected a login; live streams resume by themselves. */
  reconnected(login: DhHandle): void;
}

export interface DhSdk {
  /** Initialises the SDK once; `events` receive connection changes from SDK threads (already on the JS thread). */
  init(events: DhConnectionEvents, opts: { connectTimeoutMs: number; connectTries: number; autoReconnect: boolean; threads?: number }): Promise<void>;
  /** Throws DhSdkError (with `loginError`) on failure. */
  login(addr: string, port: number, user: string, password: string): Promise<DhLoginResult>;
  logout(login: DhHandle): Promise<void>;
  /** Starts live play of an SDK channel; `onData` gets copies of raw DHAV bytes. */
  startLive(login: DhHandle, channel: number, sub: boolean, onData: (bytes: Uint8Array) => void): Promise<DhHandle>;
  stopLive(play: DhHandle): Promise<void>;
  findRecords(login: DhHandle, channel: number, start: WallTime, end: WallTime): Promise<DhRecord[]>;
  /** Starts playback; `onEnd` is called once when the SDK reports the end of the range. */
  startPlayback(login: DhHandle, channel: number, start: WallTime, end: WallTime, onData: (bytes: Uint8Array) => void, onEnd: () => void): Promise<DhHandle>;
  seekPlayback(play: DhHandle, time: WallTime): Promise<void>;
  stopPlayback(play: DhHandle): Promise<void>;
  /** CLIENT_DHPTZControlEx2 with the given command code and parameters. */
  ptz(login: DhHandle, channel: number, command: number, p1: number, p2: number, p3: number, stop: boolean): Promise<void>;
  /** Releases the SDK. */
  cleanup(): Promise<void>;
  /** Callbacks currently registered with koffi (leak checks). */
  readonly registeredCallbacks: number;
  /** CLIENT_GetSDKVersion(), when known. */
  readonly version?: number;
}
