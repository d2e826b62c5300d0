/** Options of the simulator source (`plugins[].options` of its entry), validated by this convict schema. */
export interface ChannelMedia {
  /** Video file: Annex-B `.h264`/`.h265`, or a container file any loaded plugin can demux (`.ps`, `.dav`, ...). */
  video: string;
  /** Container format name when the extension does not say it (`h264`, `h265`, `ps`, `hik-ps`, `dhav`, ...). */
  format?: string;
  /** Frame rate of an Annex-B file (containers carry their own timestamps). */
  frameRate?: number;
  /** Optional raw G.711 file at 8 kHz (`.alaw` or `.mulaw`). */
  audio?: string;
}

export interface SimulatorOptions {
  categories: number[];
  channels: Record<string, ChannelMedia>;
  demoChannels: boolean;
  defaultChannel: ChannelMedia;
  user: string;
  password: string;
  refuseChannels: number[];
  silentChannels: number[];
  noRecordChannels: number[];
  ptzChannels: number[] | null;
  recordFileMinutes: number;
}

// convict accepts a validating function as `format`: no global format registry needed.
function numberList(v: unknown): void {
  if (!Array.isArray(v) || !v.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('must be an array of non-negative integers');
}

function channelMedia(m: unknown, where = 'the channel'): void {
  const x = m as Partial<ChannelMedia> | null;
  if (!x || typeof x !== 'object' || typeof x.video !== 'string' || !x.video) throw new Error(`${where} needs a "video" file`);
  const known = new Set(['video', 'format', 'frameRate', 'audio']);
  for (const k of Object.keys(x)) if (!known.has(k)) throw new Error(`${where}: unknown key "${k}"`);
  if (x.frameRate !== undefined && !(typeof x.frameRate === 'number' && x.frameRate > 0 && x.frameRate <= 240)) throw new Error(`${where}: frameRate must be in (0, 240]`);
  if (x.audio !== undefined && !/\.(alaw|mulaw)$/.test(x.audio)) throw new Error(`${where}: audio must be a .alaw or .mulaw file`);
}

function channelMap(v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('must be an object { "<channel>": { video, format?, frameRate?, audio? } }');
  for (const [k, m] of Object.entries(v)) {
    if (!/^\d+$/.test(k)) throw new Error(`channel key "${k}" must be a number`);
    channelMedia(m, `channel ${k}`);
  }
}

function optionalNumberList(v: unknown): void {
  if (v !== null) numberList(v);
}

/** Paths are relative to the config file's directory; `fixtures:` paths to the repository's fixtures/media. */
/** The demo channels (`demoChannels`). */
export const DEMO_CHANNELS: Record<string, ChannelMedia> = {
  '2': { video: 'fixtures:h264-640x360-25fps.h264', frameRate: 25, audio: 'fixtures:sine-440hz-8k.alaw' },
  '3': { video: 'fixtures:h265-640x360-25fps.h265', frameRate: 25 },
};

/** The channel map in effect: the demo channels (if on) overlaid by the configured ones. */
export function effectiveChannels(o: SimulatorOptions): Record<string, ChannelMedia> {
  try {
    channelMap(o.channels);
  } catch (e) {
    throw new Error(`channels: ${(e as Error).message}`, { cause: e });
  }
  return { ...(o.demoChannels ? DEMO_CHANNELS : {}), ...o.channels };
}

export const configSchema = {
  categories: { doc: 'nvr_category numbers the simulator serves.', format: numberList, default: [99] },
  defaultChannel: {
    doc: 'Media of every channel not listed in channels.',
    format: (v: unknown) => channelMedia(v, 'defaultChannel'),
    default: { video: 'fixtures:h264-640x360-25fps.h264', frameRate: 25 },
  },
  channels: {
    doc: 'Media per channel number: { "<channel>": { video, format?, frameRate?, audio? } } (over the demo channels).',
    // format Object: convict treats the value as one leaf (a validating function would make it walk the keys).
    format: Object,
    default: {},
  },
  demoChannels: {
    doc: 'Also serve the demo channels: 2 = H.264 with G.711 A-law, 3 = H.265 (channels listed in channels win).',
    format: Boolean,
    default: true,
  },
  user: { doc: 'If set, logins must use this user name.', format: String, default: '' },
  password: { doc: 'If set, logins must use this password (wrong → 606, like an NVR).', format: String, default: '', sensitive: true },
  refuseChannels: { doc: 'Channels whose live/playback the simulated NVR refuses (603/604).', format: numberList, default: [] },
  silentChannels: { doc: 'Channels that accept play but never send data (601 after the first-frame timeout).', format: numberList, default: [] },
  noRecordChannels: { doc: 'Channels with no recordings (607).', format: numberList, default: [] },
  ptzChannels: { doc: 'Channels with PTZ (null: all).', format: optionalNumberList, default: null },
  recordFileMinutes: { doc: 'Length of each synthetic recording file, minutes.', format: 'nat', default: 60 },
};
