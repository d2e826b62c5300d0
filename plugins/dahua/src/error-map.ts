/** SDK failures → the API's PusherErrors, with the vendor code and its meaning (sdk/error-codes.ts). */
import { loginFailed, liveFailed, playbackFailed, playControlFailed, ptzFailed, type PusherError, type VendorFailure } from '@nvr-pusher/core/contracts';
import { DhSdkError, lastErrorText, loginErrorText } from './sdk/index.js';

export const VENDOR = 'Dahua';

function failure(e: unknown): VendorFailure {
  if (e instanceof DhSdkError) {
    const fromLogin = e.loginError !== undefined && e.loginError !== 0 ? loginErrorText(e.loginError) : undefined;
    const text = e.code !== 0 ? lastErrorText(e.code) : fromLogin ?? 'failed';
    return { vendor: VENDOR, vendorCode: e.code !== 0 ? e.code : e.loginError, text, cause: e };
  }
  return { vendor: VENDOR, text: e instanceof Error ? e.message : String(e), cause: e };
}

export const asLoginError = (e: unknown): PusherError => loginFailed(failure(e));
export const asLiveError = (e: unknown): PusherError => liveFailed(failure(e));
export const asPlaybackError = (e: unknown): PusherError => playbackFailed(failure(e));
export const asPlayControlError = (e: unknown): PusherError => playControlFailed(failure(e));
export const asPtzError = (e: unknown): PusherError => ptzFailed(failure(e));
