/**
 * Status codes of the web API (docs/api.md, "Status codes") and the one error type that carries them.
 *
 * Every failure that can reach a client is a {@link PusherError}. Plugins throw it (usually through the
 * factories below); only the HTTP layer turns it into `{status_code, status_message}`.
 */
export const StatusCode = {
  ERR_NO_ERROR: 200,
  ERR_PARAMETER: 600,
  ERR_ANA_STREAM: 601,
  ERR_CON_RTMPSEVER: 602,
  ERR_PLAY_REAL: 603,
  ERR_PLAY_BACK: 604,
  ERR_NO_PUSHER_FOUND: 605,
  ERR_NVR_LOGIN: 606,
  ERR_NO_FILE_FOUND: 607,
  ERR_PLAY_CONTROL: 608,
  ERR_PTZ_CONTROL: 609,
} as const;

export type StatusCodeName = keyof typeof StatusCode;
/** A failure code (600–609). */
export type FailureCode = Exclude<(typeof StatusCode)[StatusCodeName], 200>;

export interface PusherErrorOptions {
  /** Vendor name shown to users, e.g. `Hikvision`. */
  vendor?: string;
  /** The vendor SDK's own error code (e.g. `NET_DVR_GetLastError()`). */
  vendorCode?: number;
  /** The step that failed, e.g. `connect` for an RTMP publish. */
  step?: string;
  /** Request field the error is about (600 errors). */
  field?: string;
  cause?: unknown;
}

/**
 * The error type of the whole project. `code` is the API status code the failure maps to; `message` is the
 * complete `status_message` (it already names the vendor code, field or step). Never put a secret in it.
 */
const BRAND = Symbol.for('nvr-pusher.PusherError');

export class PusherError extends Error {
  /**
   * A plugin installed outside the tree may bring its own copy of this package: `instanceof` recognises a
   * PusherError from any copy by a global brand, so its codes still reach the API.
   */
  static [Symbol.hasInstance](x: unknown): boolean {
    if (this !== PusherError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly code: FailureCode;
  readonly vendor?: string;
  readonly vendorCode?: number;
  readonly step?: string;
  readonly field?: string;

  constructor(code: FailureCode, message: string, options: PusherErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PusherError';
    this.code = code;
    this.vendor = options.vendor;
    this.vendorCode = options.vendorCode;
    this.step = options.step;
    this.field = options.field;
  }
}

export function isPusherError(e: unknown): e is PusherError {
  return e instanceof PusherError;
}

/** Details of a vendor SDK failure, as plugins report them. */
export interface VendorFailure {
  vendor: string;
  vendorCode?: number;
  /** The vendor's message for the code (from the plugin's error-code table). */
  text: string;
  cause?: unknown;
}

function vendorSuffix(f: VendorFailure): string {
  return f.vendorCode === undefined ? '' : ` (${f.vendor} error ${f.vendorCode})`;
}

function vendorError(code: FailureCode, what: string, f: VendorFailure): PusherError {
  return new PusherError(code, `${what}: ${f.text}${vendorSuffix(f)}`, {
    vendor: f.vendor,
    vendorCode: f.vendorCode,
    cause: f.cause,
  });
}

/** 600: bad input. `field` is the request field at fault; the message names it. */
export const badParameter = (field: string, problem: string): PusherError =>
  new PusherError(StatusCode.ERR_PARAMETER, `${field}: ${problem}`, { field });
/** 600 for a valid request that this handle's kind (live/playback) or the plugin does not support. */
export const notSupported = (what: string): PusherError => new PusherError(StatusCode.ERR_PARAMETER, what);
/** 601: no decodable video within the configured time. */
export const analyseFailed = (detail: string): PusherError =>
  new PusherError(StatusCode.ERR_ANA_STREAM, `stream analysis failed: ${detail}`);
/** 602: connecting/publishing to the RTMP server failed at `step`. */
export const rtmpFailed = (step: string, detail: string, cause?: unknown): PusherError =>
  new PusherError(StatusCode.ERR_CON_RTMPSEVER, `RTMP ${step} failed: ${detail}`, { step, cause });
/** 603: the NVR refused or failed live play. */
export const liveFailed = (f: VendorFailure): PusherError => vendorError(StatusCode.ERR_PLAY_REAL, 'NVR live play failed', f);
/** 604: the NVR refused or failed playback. */
export const playbackFailed = (f: VendorFailure): PusherError => vendorError(StatusCode.ERR_PLAY_BACK, 'NVR playback failed', f);
/** 605: no running stream has this handle. */
export const noSuchHandle = (handle: unknown): PusherError =>
  new PusherError(StatusCode.ERR_NO_PUSHER_FOUND, `no running stream has play_handle ${String(handle)}`, { field: 'play_handle' });
/** 606: login failed. */
export const loginFailed = (f: VendorFailure): PusherError => vendorError(StatusCode.ERR_NVR_LOGIN, 'NVR login failed', f);
/** 607: nothing recorded in the range. */
export const noRecording = (detail: string): PusherError =>
  new PusherError(StatusCode.ERR_NO_FILE_FOUND, `no recording found: ${detail}`);
/** 608: seek / playback control failed. */
export const playControlFailed = (f: VendorFailure): PusherError => vendorError(StatusCode.ERR_PLAY_CONTROL, 'playback control failed', f);
/** 609: PTZ failed. */
export const ptzFailed = (f: VendorFailure): PusherError => vendorError(StatusCode.ERR_PTZ_CONTROL, 'PTZ control failed', f);
