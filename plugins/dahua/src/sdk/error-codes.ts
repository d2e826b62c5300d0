/** Dahua error codes (docs/vendor/dahua-sdk.md §5): CLIENT_GetLastError values and the login `nError` out-parameter. */

/** `_EC(x)` of the header: 0x80000000 | x. */
export const ec = (x: number): number => (0x80000000 | x) >>> 0;

export const DhError = {
  NOERROR: 0,
  SYSTEM_ERROR: ec(1),
  NETWORK_ERROR: ec(2),
  DEV_VER_NOMATCH: ec(3),
  INVALID_HANDLE: ec(4),
  OPEN_CHANNEL_ERROR: ec(5),
  CLOSE_CHANNEL_ERROR: ec(6),
  ILLEGAL_PARAM: ec(7),
  SDK_INIT_ERROR: ec(8),
  SDK_UNINIT_ERROR: ec(9),
  NO_RECORD_FOUND: ec(24),
  NOT_AUTHORIZED: ec(25),
  NO_INIT: ec(29),
  UNSUPPORTED: ec(79),
  DEVICE_BUSY: ec(80),
  USER_FLASEPWD_TRYTIME: ec(86),
  LOGIN_ERROR_PASSWORD: ec(100),
  LOGIN_ERROR_USER: ec(101),
  LOGIN_ERROR_TIMEOUT: ec(102),
  LOGIN_ERROR_RELOGGIN: ec(103),
  LOGIN_ERROR_LOCKED: ec(104),
  LOGIN_ERROR_BLACKLIST: ec(105),
  LOGIN_ERROR_BUSY: ec(106),
  LOGIN_ERROR_CONNECT: ec(107),
  LOGIN_ERROR_NETWORK: ec(108),
  LOGIN_ERROR_MAXCONNECT: ec(110),
} as const;

const LAST_ERROR_TEXT: Record<number, string> = {
  0xffffffff: 'unknown error',
  [ec(1)]: 'Windows system error',
  [ec(2)]: 'network error (protocol error or network timeout)',
  [ec(3)]: 'device protocol does not match',
  [ec(4)]: 'invalid handle',
  [ec(5)]: 'failed to open the channel',
  [ec(6)]: 'failed to close the channel',
  [ec(7)]: 'illegal parameter',
  [ec(8)]: 'SDK initialisation failed',
  [ec(9)]: 'SDK clean-up failed',
  [ec(19)]: 'failed to open file',
  [ec(21)]: 'device returned invalid data',
  [ec(22)]: 'insufficient buffer',
  [ec(23)]: 'not supported by the SDK',
  [ec(24)]: 'no record found',
  [ec(25)]: 'not authorised',
  [ec(26)]: 'cannot execute now',
  [ec(29)]: 'SDK not initialised',
  [ec(30)]: 'download finished',
  [ec(31)]: 'empty list',
  [ec(79)]: 'not supported by the device',
  [ec(80)]: 'device busy',
  [ec(86)]: 'wrong password, retries exceeded',
  [ec(100)]: 'wrong password',
  [ec(101)]: 'user does not exist',
  [ec(102)]: 'timed out waiting for the login answer',
  [ec(103)]: 'account already logged in',
  [ec(104)]: 'account locked',
  [ec(105)]: 'account blacklisted',
  [ec(106)]: 'device busy, resources insufficient',
  [ec(107)]: 'connection to the device timed out, check the network',
  [ec(108)]: 'network connection failed',
  [ec(109)]: 'sub-connection to the device failed',
  [ec(110)]: 'device has reached its maximum number of connections',
  [ec(111)]: 'device supports protocol 3 only',
  [ec(112)]: 'USB key missing or wrong',
  [ec(113)]: 'client IP address not allowed',
  [ec(117)]: 'wrong user name or password',
  [ec(118)]: 'device not initialised, cannot log in',
  [ec(119)]: 'login limited (region restriction)',
  [ec(1153)]: 'device does not support high-level-security login',
  [ec(1154)]: 'device supports high-level-security login only',
};

/** nError of CLIENT_LoginWithHighLevelSecurity / CLIENT_LoginEx2. */
const LOGIN_ERROR_TEXT: Record<number, string> = {
  [-1]: 'device does not support high-level-security login',
  1: 'wrong user name or password',
  2: 'user does not exist',
  3: 'login timed out',
  4: 'account already logged in',
  5: 'account locked',
  6: 'account blacklisted',
  7: 'device busy',
  8: 'sub-connection failed',
  9: 'main connection failed',
  10: 'too many connections',
  11: 'device supports protocol 3 only',
  12: 'USB key missing',
  13: 'client IP address not allowed',
  18: 'device not initialised',
  19: 'login limited',
  20: 'device supports high-level-security login only',
};

export function lastErrorText(code: number): string {
  return LAST_ERROR_TEXT[code >>> 0] ?? `error 0x${(code >>> 0).toString(16)}`;
}

export function loginErrorText(nError: number): string | undefined {
  return LOGIN_ERROR_TEXT[nError];
}
