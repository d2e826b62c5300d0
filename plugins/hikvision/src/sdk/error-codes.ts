/**
 * `NET_DVR_GetLastError` codes → message (vendor notes §6.1), the exception-callback types (§6.2) and the
 * `NET_DVR_FindNextFile_V40` results (§6.4). Texts are ours, written for users of the API.
 */

// prettier-ignore
export const hikErrorMessages: Readonly<Record<number, string>> = {
  0: 'no error',
  1: 'wrong user name or password',
  2: 'no permission for this operation',
  3: 'SDK not initialised',
  4: 'invalid channel number',
  5: 'too many clients connected to the device',
  6: 'SDK and device versions do not match',
  7: 'failed to connect to the device (offline, unreachable or connection timeout)',
  8: 'failed to send to the device',
  9: 'failed to receive from the device',
  10: 'timed out receiving from the device',
  11: 'the device sent invalid data',
  12: 'SDK functions called in the wrong order',
  13: 'operation not permitted',
  14: 'device command timed out',
  17: 'invalid parameter (or unknown handle)',
  18: 'the channel is in an exception state',
  19: 'the device has no disk',
  23: 'the device does not support this operation',
  24: 'the device is busy',
  28: 'the device has no resources left',
  29: 'the device failed the operation',
  33: 'no such file for playback',
  43: 'buffer too small',
  44: 'failed to create a socket',
  47: 'user does not exist',
  52: 'the device has reached its maximum number of users',
  64: 'failed to load the player SDK',
  72: 'failed to bind a socket',
  73: 'the connection was closed',
  76: 'SDK program exception',
  83: 'the IP channel is offline',
  84: 'failed to load the RTSP component (StreamTransClient)',
  91: 'the channel does not support this operation',
  102: 'user did not log in successfully',
  107: 'failed to load the preview component',
  108: 'failed to load the voice component',
  109: 'failed to load the alarm component',
  110: 'failed to load the playback component',
  111: 'failed to load the display component',
  112: 'failed to load the industry component',
  113: 'failed to load the general config component',
  114: 'failed to load the core device config component',
  115: 'failed to load HCNetUtils',
  121: 'component and core versions do not match',
  136: 'preview component and HCNetSDK versions do not match',
  137: 'voice component and HCNetSDK versions do not match',
  138: 'alarm component and HCNetSDK versions do not match',
  139: 'playback component and HCNetSDK versions do not match (stale HCNetSDKCom libraries?)',
  140: 'display component and HCNetSDK versions do not match',
  141: 'industry component and HCNetSDK versions do not match',
  142: 'general config component and HCNetSDK versions do not match',
  147: 'certificate file error',
  148: 'failed to load the SSL library',
  149: 'SSL library version does not match',
  151: 'invalid communication',
  152: 'user name does not exist',
  153: 'user locked after too many wrong passwords',
  154: 'invalid user id',
  155: 'login version too low',
  158: 'failed to load libiconv',
  159: 'SSL connection failed',
  162: 'OpenSSL not initialised',
  188: 'invalid link',
  189: 'ISAPI not supported',
};

/** The message for an SDK error code; unknown codes still name the code. */
export function hikErrorText(code: number): string {
  return hikErrorMessages[code] ?? `unknown Hikvision SDK error`;
}

/** Exception callback `dwType` values used by the plugin (§6.2). */
export const HikException = {
  EXCHANGE: 0x8000, // user interaction / keep-alive lost: device connection lost
  PREVIEW: 0x8003, // live stream exception
  RECONNECT: 0x8005, // live stream reconnecting
  PLAYBACK: 0x8010, // playback exception
  PREVIEW_RECONNECT_SUCCESS: 0x8015, // live stream reconnected
  RESUME_EXCHANGE: 0x8017, // user interaction restored
  RELOGIN: 0x8040, // re-login in progress
  RELOGIN_SUCCESS: 0x8041, // re-login succeeded
  RELOGIN_FAILED: 0x8044, // re-login failed
  PREVIEW_RECONNECT_CLOSED: 0x8045, // live reconnect gave up
} as const;

/** `NET_DVR_FindNextFile_V40` results (§6.4). */
export const FindResult = {
  SUCCESS: 1000,
  NO_FILE: 1001,
  IS_FINDING: 1002,
  NO_MORE_FILE: 1003,
  EXCEPTION: 1004,
  TIMEOUT: 1005,
} as const;
