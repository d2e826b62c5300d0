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
  devices: DeviceEntry[];
}

/** What a `devices` entry may override for one device. */
export type DeviceOverrides = Partial<Pick<OnvifOptions, 'liveUrl' | 'onvifUrl' | 'playback' | 'playbackUrl' | 'ptz' | 'ptzSpeed' | 'timeZoneOffsetMinutes' | 'loginChannel'>>;

/** One device's overrides: `addr` (as requests send it) and optionally `port` (the request's nvr_port). */
export type DeviceEntry = DeviceOverrides & { addr: string; port?: number };

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

const OVERRIDE_CHECKS: Record<keyof DeviceOverrides, (v: unknown) => void> = {
  liveUrl: (v) => template(true, ['rtsp'])(v),
  onvifUrl: (v) => template(false, ['http', 'https'])(v),
  playback: (v) => {
    if (!['onvif', 'hikvision', 'dahua', 'none'].includes(v as string)) throw new Error('must be one of onvif, hikvision, dahua, none');
  },
  playbackUrl: (v) => template(true, ['rtsp'])(v),
  ptz: (v) => {
    if (typeof v !== 'boolean') throw new Error('must be a boolean');
  },
  ptzSpeed: (v) => {
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new Error('must be a number in (0, 1]');
  },
  timeZoneOffsetMinutes: (v) => {
    if (!Number.isInteger(v) || Math.abs(v as number) > 14 * 60) throw new Error('must be an integer within ±840');
  },
  loginChannel: (v) => {
    if (!Number.isInteger(v) || (v as number) < 0) throw new Error('must be a non-negative integer');
  },
};

/** Checks the `devices` map (convict only sees it as one Object leaf); throws naming the key. */
export function checkDevices(v: unknown): void {
  try {
    deviceMap(v);
  } catch (e) {
    throw new Error(`devices: ${(e as Error).message}`, { cause: e });
  }
}

function deviceMap(v: unknown): void {
  if (!Array.isArray(v)) throw new Error('must be an array of { addr, port?, liveUrl?, playback?, ... }');
  v.forEach((o: unknown, i) => {
    if (typeof o !== 'object' || o === null) throw new Error(`[${i}] must be an object`);
    const e = o as Record<string, unknown>;
    if (typeof e.addr !== 'string' || !e.addr) throw new Error(`[${i}].addr must be the device address`);
    if (e.port !== undefined && !(Number.isInteger(e.port) && (e.port as number) > 0 && (e.port as number) <= 65535)) throw new Error(`[${i}].port must be a port number`);
    for (const [k, x] of Object.entries(e)) {
      if (k === 'addr' || k === 'port') continue;
      const check = OVERRIDE_CHECKS[k as keyof DeviceOverrides];
      if (!check) throw new Error(`[${i}] (${e.addr}): unknown key "${k}" (known: addr, port, ${Object.keys(OVERRIDE_CHECKS).join(', ')})`);
      try {
        check(x);
      } catch (err) {
        throw new Error(`[${i}] (${e.addr}): ${k} ${(err as Error).message}`, { cause: err });
      }
    }
  });
}

/** The options in effect for one device: the plugin's, overridden by its `devices` entry (one with a port first). */
export function deviceSettings(o: OnvifOptions, addr: string, port: number): OnvifOptions {
  const entry = o.devices.find((d) => d.addr === addr && d.port === port) ?? o.devices.find((d) => d.addr === addr && d.port === undefined);
  if (!entry) return o;
  const { addr: _a, port: _p, ...overrides } = entry;
  return { ...o, ...overrides };
}

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
  devices: {
    doc: 'Per-device overrides: [{ addr, port?, liveUrl?, onvifUrl?, playback?, playbackUrl?, ptz?, ptzSpeed?, timeZoneOffsetMinutes?, loginChannel? }].',
    // format Array: convict treats the value as one leaf; checkDevices() validates it when the plugin starts.
    format: Array,
    default: [],
  },
};
