import { describe, expect, it } from 'vitest';
import { FindResult, hikErrorMessages, hikErrorText, HikException } from '../../src/sdk/error-codes.js';

describe('Hikvision error-code table', () => {
  it('has the codes the plugin reports to users, with the vendor meaning (vendor notes §6.1)', () => {
    expect(hikErrorText(1)).toBe('wrong user name or password');
    expect(hikErrorText(7)).toMatch(/connect/);
    expect(hikErrorText(153)).toMatch(/locked/);
    expect(hikErrorText(17)).toMatch(/parameter/);
    expect(hikErrorText(33)).toMatch(/no such file/);
    expect(hikErrorText(139)).toMatch(/playback component/);
    for (const code of [0, 1, 2, 3, 4, 5, 7, 9, 10, 12, 17, 23, 29, 33, 43, 73, 83, 91, 107, 110, 139, 148, 152, 153, 154]) {
      expect(hikErrorMessages[code], `code ${code}`).toBeTruthy();
    }
  });
  it('never carries a code inside the text (the caller appends "(Hikvision error N)")', () => {
    for (const text of Object.values(hikErrorMessages)) expect(text).not.toMatch(/error \d/);
  });
  it('names unknown codes without inventing a meaning', () => {
    expect(hikErrorText(99999)).toBe('unknown Hikvision SDK error');
  });
  it('keeps the exception and find-result values of the header', () => {
    expect(HikException).toMatchObject({ EXCHANGE: 0x8000, RECONNECT: 0x8005, PREVIEW_RECONNECT_SUCCESS: 0x8015, RESUME_EXCHANGE: 0x8017, PLAYBACK: 0x8010 });
    expect(FindResult).toEqual({ SUCCESS: 1000, NO_FILE: 1001, IS_FINDING: 1002, NO_MORE_FILE: 1003, EXCEPTION: 1004, TIMEOUT: 1005 });
  });
});
