/** Options of the onvif source (`plugins[].options` of its entry), validated by this convict schema. */
export type PlaybackScheme = 'onvif' | 'hikvision' | 'dahua' | 'none';

export interface OnvifOptions {
  categories: number[];
  liveUrl: string;
  onvifUrl: string;
  playback: PlaybackScheme;
  playbackUrl: string;
  ptz: boolean;
  ptzSpeed: number;
  timeZoneOffsetMinutes: number;
  requestTimeoutMs: number;
  keepAliveMs: number;
  loginChannel: number;
}

function numberList(v: unknown): void {
  if (!Array.isArray(v) || v.length === 0 || !v.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('must be a non-empty array of non-negative integers');
}

function template(allowEmpty: boolean, schemes: string[]) {
  return (v: unknown): void => {
    if (typeof v !== 'string') throw new Error('must be a string');
    if (v === '' && allowEmpty) return;
    if (!schemes.some((s) => v.startsWith(`${s}://`))) throw new Error(`must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    const unknown = [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((k) => !PLACEHOLDERS.includes(k));
    if (unknown.length) throw new Error(`unknown placeholder {${unknown[0]}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`);
    if (/\/\/[^/]*@/.test(v)) throw new Error('must not carry credentials (the request\'s nvr_user/nvr_pwd are used)');
  };
}

/** Placeholders of the URL templates. */
export const PLACEHOLDERS = ['addr', 'port', 'channel', 'channel0', 'start', 'end'];

/** Default playback URL templates of the vendor RTSP schemes. */
export const VENDOR_PLAYBACK_URL: Record<'hikvision' | 'dahua', string> = {
  hikvision: 'rtsp://{addr}:{port}/Streaming/tracks/{channel}01?starttime={start}&endtime={end}',
  dahua: 'rtsp://{addr}:{port}/cam/playback?channel={channel}&subtype=0&starttime={start}&endtime={end}',
};

export const configSchema = {
  categories: { doc: 'nvr_category numbers this plugin serves.', format: numberList, default: [2] },
  liveUrl: {
    doc: 'Live RTSP URL template, e.g. rtsp://{addr}:{port}/Streaming/Channels/{channel}01. Empty: ask the device over ONVIF (GetProfiles/GetStreamUri; channel N = the N-th media profile).',
    format: template(true, ['rtsp']),
    default: '',
  },
  onvifUrl: {
    doc: 'ONVIF device service URL template (login check when liveUrl is empty, PTZ, Profile G playback).',
    format: template(false, ['http', 'https']),
    default: 'http://{addr}:{port}/onvif/device_service',
  },
  playback: {
    doc: 'Playback scheme: onvif (Profile G search + replay), hikvision (/Streaming/tracks), dahua (/cam/playback), none.',
    format: ['onvif', 'hikvision', 'dahua', 'none'],
    default: 'onvif',
  },
  playbackUrl: {
    doc: 'Playback RTSP URL template for the hikvision/dahua schemes ({start}/{end} in the scheme\'s time format); empty: the scheme\'s usual path.',
    format: template(true, ['rtsp']),
    default: '',
  },
  ptz: { doc: 'Serve PTZ through ONVIF ContinuousMove/Stop on the channel\'s media profile.', format: Boolean, default: true },
  ptzSpeed: {
    doc: 'ONVIF velocity of a PTZ move, 0 < speed <= 1.',
    format: (v: unknown) => {
      if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new Error('must be a number in (0, 1]');
    },
    default: 0.5,
  },
  timeZoneOffsetMinutes: {
    doc: 'The device\'s wall clock minus UTC, minutes (ONVIF search and replay speak UTC; the API speaks the NVR\'s local time).',
    format: 'int',
    default: 0,
  },
  requestTimeoutMs: { doc: 'Longest wait for an RTSP or ONVIF answer, ms.', format: 'nat', default: 8000 },
  keepAliveMs: { doc: 'RTSP keep-alive interval upper bound, ms (half the server\'s session timeout is used when shorter).', format: 'nat', default: 20000 },
  loginChannel: { doc: 'Channel whose liveUrl a login DESCRIBEs to check the credentials (liveUrl mode).', format: 'nat', default: 1 },
};
