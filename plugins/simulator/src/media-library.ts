import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AudioTrack, Demuxer, FormatLookup, MediaFrame } from '@nvr-pusher/core/contracts';
import { AnnexBFramer } from '@nvr-pusher/core/media';
import type { ChannelMedia } from './options.js';

/** The repository's generated fixtures (`fixtures/media`), addressed as `fixtures:<name>` in options. */
const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/media');

/** A media clip held in memory and replayed in a loop: frames in decode order, timestamps from 0. */
export interface Clip {
  readonly frames: readonly MediaFrame[];
  /** Loop length, ms (last frame time + one frame interval). */
  readonly durationMs: number;
  readonly videoFrames: number;
}

const EXTENSION_FORMATS: Record<string, string> = { '.h264': 'h264', '.264': 'h264', '.h265': 'h265', '.265': 'h265', '.hevc': 'h265', '.ps': 'ps', '.dav': 'dhav' };
/** G.711 is replayed in 40 ms frames (320 samples at 8 kHz), like NVRs send it. */
const G711_FRAME_BYTES = 320;

export function resolveMediaPath(file: string, baseDir: string): string {
  return file.startsWith('fixtures:') ? path.join(FIXTURES_DIR, file.slice('fixtures:'.length)) : path.resolve(baseDir, file);
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`simulator media ${file} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

function videoFrames(spec: ChannelMedia, baseDir: string, formats: FormatLookup): MediaFrame[] {
  const file = resolveMediaPath(spec.video, baseDir);
  const name = spec.format ?? EXTENSION_FORMATS[path.extname(file).toLowerCase()];
  if (!name) throw new Error(`simulator media ${file}: unknown format; set "format"`);
  // Annex-B files get their frame rate from the options (containers carry their own timestamps).
  let demuxer: Demuxer;
  if (name === 'h264' || name === 'h265') demuxer = new AnnexBFramer(name, { frameRate: spec.frameRate ?? 25 });
  else {
    const format = formats.get(name);
    if (!format) throw new Error(`simulator media ${file}: no loaded plugin reads format '${name}'`);
    demuxer = format.createDemuxer();
  }
  const frames = [...demuxer.push(readFile(file)), ...demuxer.flush()];
  const video = frames.filter((f) => f.track.kind === 'video');
  const firstKey = video.findIndex((f) => f.key);
  if (firstKey < 0) throw new Error(`simulator media ${file}: no video key frame`);
  const t0 = video[firstKey]!.dts;
  return frames.filter((f) => f.dts >= t0).map((f) => ({ ...f, dts: f.dts - t0, pts: f.pts - t0 }));
}

function audioFrames(file: string, untilMs: number): MediaFrame[] {
  const data = readFile(file);
  const track: AudioTrack = { kind: 'audio', codec: file.endsWith('.mulaw') ? 'pcmu' : 'pcma', sampleRate: 8000, channels: 1 };
  const out: MediaFrame[] = [];
  for (let i = 0, t = 0; i + G711_FRAME_BYTES <= data.length && t < untilMs; i += G711_FRAME_BYTES, t += 40) {
    out.push({ track, dts: t, pts: t, key: true, data: data.subarray(i, i + G711_FRAME_BYTES) });
  }
  return out;
}

/** Loads (once) and caches clips by their channel spec. */
export class MediaLibrary {
  private readonly clips = new Map<string, Clip>();

  constructor(private readonly baseDir: string, private readonly formats: FormatLookup) {}

  clip(spec: ChannelMedia): Clip {
    const key = JSON.stringify(spec);
    let clip = this.clips.get(key);
    if (!clip) {
      clip = this.load(spec);
      this.clips.set(key, clip);
    }
    return clip;
  }

  private load(spec: ChannelMedia): Clip {
    const frames = videoFrames(spec, this.baseDir, this.formats);
    const video = frames.filter((f) => f.track.kind === 'video');
    const interval = video.length > 1 ? (video[video.length - 1]!.dts - video[0]!.dts) / (video.length - 1) : 40;
    const durationMs = Math.round(video[video.length - 1]!.dts + interval);
    if (spec.audio) frames.push(...audioFrames(resolveMediaPath(spec.audio, this.baseDir), durationMs));
    frames.sort((a, b) => a.dts - b.dts);
    return { frames, durationMs, videoFrames: video.length };
  }
}
