import { describe, expect, it } from 'vitest';
import { StatusCode } from '@nvr-pusher/core/contracts';
import { asLoginError, asPtzError } from '../../src/error-map.js';
import { DhError, DhSdkError, ec, lastErrorText, loginErrorText } from '../../src/sdk/index.js';

describe('Dahua error codes (docs/vendor/dahua-sdk.md §5)', () => {
  it.each([
    [4, 0x80000004, 'invalid handle'],
    [24, 0x80000018, 'no record found'],
    [100, 0x80000064, 'wrong password'],
    [104, 0x80000068, 'account locked'],
    [108, 0x8000006c, 'network connection failed'],
  ])('_EC(%i) = %i: %s', (x, code, text) => {
    expect(ec(x)).toBe(code);
    expect(lastErrorText(code)).toBe(text);
  });

  it('unknown codes print in hex; login nError values have their own table', () => {
    expect(lastErrorText(ec(4000))).toBe('error 0x80000fa0');
    expect(loginErrorText(1)).toBe('wrong user name or password');
    expect(loginErrorText(5)).toBe('account locked');
    expect(loginErrorText(9)).toBe('main connection failed');
  });

  it('maps to PusherErrors: GetLastError first, else the login nError meaning', () => {
    const a = asLoginError(new DhSdkError('login', DhError.LOGIN_ERROR_LOCKED, 5));
    expect([a.code, a.vendor, a.vendorCode, a.message]).toEqual([StatusCode.ERR_NVR_LOGIN, 'Dahua', 0x80000068, 'NVR login failed: account locked (Dahua error 2147483752)']);
    const b = asLoginError(new DhSdkError('login', 0, 9));
    expect([b.vendorCode, b.message]).toEqual([9, 'NVR login failed: main connection failed (Dahua error 9)']);
    const c = asPtzError(new Error('boom'));
    expect([c.code, c.vendorCode, c.message]).toEqual([StatusCode.ERR_PTZ_CONTROL, undefined, 'PTZ control failed: boom']);
  });
});
