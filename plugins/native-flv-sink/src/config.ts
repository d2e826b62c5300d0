/** Options of the native-flv-sink plugin (convict fragment mounted at the plugin's `options`). */

export interface NativeFlvSinkOptions {
  audio: 'aac' | 'pass' | 'drop';
  chunkSize: number;
  connectTimeoutMs: number;
  stepTimeoutMs: number;
  maxBufferedBytes: number;
  publishSettleMs: number;
}

function intIn(min: number, max: number): (v: unknown) => void {
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Error(`must be an integer in ${min}..${max}`);
  };
}

export const configSchema = {
  audio: {
    doc: "'aac' encodes G.711 to AAC-LC in the process (AAC passes through): what SRS and browsers play. 'pass' publishes the source's audio as is (G.711 as FLV SoundFormat 7/8, which SRS drops). 'drop' publishes video only.",
    format: ['aac', 'pass', 'drop'],
    default: 'aac',
  },
  chunkSize: {
    doc: 'Outgoing RTMP chunk size in bytes (Set Chunk Size). 4096 is what OBS/ffmpeg send and servers expect.',
    format: intIn(128, 65536),
    default: 4096,
  },
  connectTimeoutMs: { doc: 'TCP connect timeout to the RTMP server, ms.', format: intIn(100, 120_000), default: 5000 },
  stepTimeoutMs: { doc: 'Timeout of each RTMP step after TCP connect (handshake, connect, createStream, publish), ms.', format: intIn(100, 120_000), default: 5000 },
  maxBufferedBytes: {
    doc: 'Bytes queued for the socket above which non-key video and audio are dropped until the next key frame.',
    format: intIn(64 * 1024, 512 * 1024 * 1024),
    default: 4 * 1024 * 1024,
  },
  publishSettleMs: {
    doc: 'Wait this long after NetStream.Publish.Start before `published` resolves (0: at once, when the first key frame is on the socket; a close soon after, e.g. SRS/node-media-server on a busy name, is then a stream failure the core re-publishes), ms.',
    format: intIn(0, 10_000),
    default: 0,
  },
};

export const DEFAULT_OPTIONS: NativeFlvSinkOptions = Object.fromEntries(
  Object.entries(configSchema).map(([k, v]) => [k, v.default]),
) as unknown as NativeFlvSinkOptions;

/** Fills missing options with their defaults (for direct construction in tests and tools). */
export function withDefaults(o: Partial<NativeFlvSinkOptions> = {}): NativeFlvSinkOptions {
  return { ...DEFAULT_OPTIONS, ...o };
}
