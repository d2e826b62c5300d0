/** Options of the ffmpeg sink (`plugins[].options`), as a convict fragment and as a type. */

export type AudioMode = 'copy' | 'aac' | 'none';
export type VideoTranscode = 'none' | 'h264';

export interface FfmpegSinkOptions {
  ffmpegPath: string;
  audio: AudioMode;
  audioBitrateKbps: number;
  aacSampleRate: number;
  videoTranscode: VideoTranscode;
  videoBitrateKbps: number;
  x264Preset: string;
  probeSizeBytes: number;
  analyzeDurationMs: number;
  rwTimeoutMs: number;
  maxBufferBytes: number;
  closeGraceMs: number;
  killGraceMs: number;
}

export const configSchema = {
  ffmpegPath: {
    doc: 'ffmpeg binary. Empty: env FFMPEG_PATH, else `ffmpeg` on PATH, else the npm-shipped @ffmpeg-installer/ffmpeg.',
    format: String,
    default: '',
  },
  audio: {
    doc: 'Audio handling: `aac` transcodes (G.711 → AAC; SRS and browsers play only AAC), `copy` passes it, `none` drops it.',
    format: ['copy', 'aac', 'none'],
    default: 'aac',
  },
  audioBitrateKbps: { doc: 'AAC bitrate (kbit/s) when audio is `aac`.', format: 'nat', default: 64 },
  aacSampleRate: { doc: 'AAC sample rate in Hz when audio is `aac`; 0 keeps the source rate (8000 for G.711).', format: 'nat', default: 0 },
  videoTranscode: {
    doc: 'Video: `none` copies the source (default), `h264` re-encodes with libx264 (e.g. H.265 → H.264 for players without H.265).',
    format: ['none', 'h264'],
    default: 'none',
  },
  videoBitrateKbps: { doc: 'libx264 target bitrate (kbit/s) when videoTranscode is `h264`.', format: 'nat', default: 2000 },
  x264Preset: { doc: 'libx264 preset when videoTranscode is `h264`.', format: String, default: 'veryfast' },
  probeSizeBytes: {
    // MPEG-PS has no header (AVFMTCTX_NOHEADER): ffmpeg keeps probing until it has read this many bytes, whatever
    // -analyzeduration says. Startup latency ≈ probeSizeBytes / stream bitrate (64 KiB: ~0.25 s at 2 Mbit/s,
    // ~4 s for a 128 kbit/s sub stream — the core answers 601 after firstFrameTimeoutMs, 10 s by default).
    doc: 'ffmpeg -probesize for the piped input (bytes). PS is probed until this many bytes were read: latency ≈ size / bitrate.',
    format: 'nat',
    default: 64 * 1024,
  },
  analyzeDurationMs: { doc: 'ffmpeg -analyzeduration for the piped input (ms of media).', format: 'nat', default: 1000 },
  rwTimeoutMs: { doc: 'ffmpeg -rw_timeout on the RTMP output (ms); a server that stops reading fails the session.', format: 'nat', default: 10_000 },
  maxBufferBytes: { doc: 'Bytes queued for ffmpeg stdin before new data is dropped (back-pressure bound).', format: 'nat', default: 4 * 1024 * 1024 },
  closeGraceMs: { doc: 'close(): time ffmpeg gets to finish after its stdin ended, before SIGTERM.', format: 'nat', default: 2000 },
  killGraceMs: { doc: 'close(): time between SIGTERM and SIGKILL.', format: 'nat', default: 2000 },
} as const;

/** Defaults, for callers that build options without convict (tests, benchmarks). */
export function withDefaults(partial: Partial<FfmpegSinkOptions> = {}): FfmpegSinkOptions {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(configSchema)) out[key] = spec.default;
  return { ...(out as unknown as FfmpegSinkOptions), ...partial };
}
