/** Turns an SDK failure into the contracts' `VendorFailure` (code + table text + the SDK's own message), and logs it once. */
import type { Logger, VendorFailure } from '@nvr-pusher/core/contracts';
import { HikSdkError } from './sdk/index.js';

export const VENDOR = 'Hikvision';

export function vendorFailure(e: unknown, log: Logger, what: string): VendorFailure {
  if (e instanceof HikSdkError) {
    let text = e.text;
    if (e.code === 1 && e.lock?.attemptsLeft) text += `, ${e.lock.attemptsLeft} attempt(s) left before the account locks`;
    if (e.code === 153 && e.lock?.lockSeconds) text += `, unlocks in ${e.lock.lockSeconds} s`;
    if (e.sdkMessage) text += ` (SDK: ${e.sdkMessage})`;
    log.warn({ fn: e.fn, vendorCode: e.code, sdkMessage: e.sdkMessage }, `${what}: ${e.fn} failed: ${e.text}`);
    return { vendor: VENDOR, vendorCode: e.code, text, cause: e };
  }
  log.error({ err: e }, `${what} failed`);
  return { vendor: VENDOR, text: e instanceof Error ? e.message : String(e), cause: e };
}
