import type { NvrCredentials, PtzCommandCode, RecordFile, WallTime } from '@nvr-pusher/core/contracts';

/** A validated REAL_STREAM request. */
export interface LiveRequest {
  readonly credentials: NvrCredentials;
  readonly channel: number;
}

/** A validated BACK_STREAM request. */
export interface PlaybackRequest extends LiveRequest {
  readonly start: WallTime;
  readonly end: WallTime;
}

export interface StartedStream {
  readonly handle: number;
  readonly rtmpUrl: string;
}

export interface StartedPlayback extends StartedStream {
  /** The range actually played: the request cut to the recorded span. */
  readonly start: WallTime;
  readonly stop: WallTime;
  readonly records: readonly RecordFile[];
}

export interface PtzRequest {
  readonly command: PtzCommandCode;
  readonly durationMs: number;
}
