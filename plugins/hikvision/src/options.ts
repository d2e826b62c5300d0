/** Options of the Hikvision source (`plugins[].options` of its entry), validated by this convict schema. */
export type LinkMode = 'tcp' | 'udp' | 'multicast' | 'rtp' | 'rtp-rtsp' | 'rtsp-http';

export interface HikvisionOptions {
  categories: number[];
  sdkPath: string;
  libraryName: string;
  libcryptoPath: string;
  libsslPath: string;
  connectTimeoutMs: number;
  connectTries: number;
  reconnectIntervalMs: number;
  sdkThreads: number;
  streamType: 'main' | 'sub';
  linkMode: LinkMode;
  unavailable: 'fail' | 'degrade';
  dumpRaw: string;
  ptzSpeed: number;
  searchTimeoutMs: number;
  positionPollMs: number;
}

/** `NET_PREVIEWINFO.dwLinkMode` values (vendor notes §4.4). */
export const linkModeCode: Record<LinkMode, number> = { tcp: 0, udp: 1, multicast: 2, rtp: 3, 'rtp-rtsp': 4, 'rtsp-http': 5 };

function numberList(v: unknown): void {
  if (!Array.isArray(v) || !v.length || !v.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('must be a non-empty array of non-negative integers');
}
function range(min: number, max: number) {
  return (v: unknown): void => {
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw new Error(`must be an integer in [${min}, ${max}]`);
  };
}

/** Relative paths resolve against the config file's directory. */
export const configSchema = {
  categories: { doc: 'nvr_category numbers served by this plugin.', format: numberList, default: [0] },
  sdkPath: {
    doc: 'Directory holding libhcnetsdk.so (HCNetSDK.dll) and HCNetSDKCom/. Empty: load libraryName through the system search path.',
    format: String, default: '',
  },
  libraryName: { doc: 'Library file name inside sdkPath. Empty: libhcnetsdk.so on Linux, HCNetSDK.dll on Windows.', format: String, default: '' },
  libcryptoPath: { doc: 'libcrypto for the SDK (NET_SDK_INIT_CFG_LIBEAY_PATH). Empty: sdkPath/libcrypto.so.1.1 if present.', format: String, default: '' },
  libsslPath: { doc: 'libssl for the SDK (NET_SDK_INIT_CFG_SSLEAY_PATH). Empty: sdkPath/libssl.so.1.1 if present.', format: String, default: '' },
  connectTimeoutMs: { doc: 'NET_DVR_SetConnectTime wait per attempt, ms.', format: range(300, 75_000), default: 3000 },
  connectTries: { doc: 'NET_DVR_SetConnectTime attempts.', format: range(1, 10), default: 1 },
  sdkThreads: {
    doc: 'Most threads making the blocking SDK calls (one at start, another when all are busy; each reads its own NET_DVR_GetLastError). A login to a silent device holds one for connectTimeoutMs; the others serve other devices meanwhile.',
    format: range(1, 64), default: 4,
  },
  reconnectIntervalMs: { doc: 'NET_DVR_SetReconnect interval of the SDK’s own stream reconnect, ms.', format: range(1000, 600_000), default: 10_000 },
  streamType: { doc: 'Live stream: main or sub.', format: ['main', 'sub'], default: 'main' },
  linkMode: { doc: 'Live transport (NET_DVR_PREVIEWINFO.dwLinkMode).', format: ['tcp', 'udp', 'multicast', 'rtp', 'rtp-rtsp', 'rtsp-http'], default: 'tcp' },
  unavailable: {
    doc: 'Missing/unloadable SDK: "fail" stops startup naming the path; "degrade" starts and answers this plugin’s requests with 606/603/604/609 giving the reason.',
    format: ['fail', 'degrade'], default: 'fail',
  },
  dumpRaw: { doc: 'If set, a directory where every live/playback session writes its raw SDK callback payloads (fixture capture).', format: String, default: '' },
  ptzSpeed: { doc: 'PTZ speed passed to NET_DVR_PTZControlWithSpeed_Other (1-7).', format: range(1, 7), default: 4 },
  searchTimeoutMs: { doc: 'Longest a record search may stay "still searching" before it fails (604), ms.', format: range(1000, 600_000), default: 30_000 },
  positionPollMs: { doc: 'How often a playback asks its position to detect the end of the recording, ms.', format: range(100, 60_000), default: 1000 },
};
