/** Test media: frames from the committed fixtures (fixtures/media), made with core's AnnexBFramer. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AudioTrack, MediaFrame, VideoCodec } from '@nvr-pusher/core/contracts';
import { AnnexBFramer, decodeAdtsFrame } from '@nvr-pusher/core/media';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../../fixtures/media');
export const WORK_DIR = path.resolve(here, '../.work');

/** Frames of an Annex-B file (a name in fixtures/media, or an absolute path), 25 fps timestamps from 0. */
export function videoFrames(file: string, codec: VideoCodec): MediaFrame[] {
  const framer = new AnnexBFramer(codec, { frameRate: 25 });
  return [...framer.push(fs.readFileSync(path.resolve(FIXTURES, file))), ...framer.flush()];
}

/** G.711 in 20 ms frames (160 samples at 8 kHz), dts from 0. */
export function g711Frames(file: string, codec: 'pcma' | 'pcmu'): MediaFrame[] {
  const bytes = fs.readFileSync(path.join(FIXTURES, file));
  const track: AudioTrack = { kind: 'audio', codec, sampleRate: 8000, channels: 1 };
  const out: MediaFrame[] = [];
  for (let i = 0; i + 160 <= bytes.length; i += 160) {
    const t = i / 8;
    out.push({ track, dts: t, pts: t, key: true, data: bytes.subarray(i, i + 160) });
  }
  return out;
}

/** Raw AAC frames (ADTS headers removed) of an ADTS file, one AudioTrack carrying the AudioSpecificConfig. */
export function aacFrames(file: string): MediaFrame[] {
  const bytes = fs.readFileSync(file);
  const out: MediaFrame[] = [];
  let track: AudioTrack | undefined;
  let samples = 0;
  for (let p = 0; p < bytes.length; ) {
    const a = decodeAdtsFrame(bytes.subarray(p));
    track ??= { kind: 'audio', codec: 'aac', sampleRate: a.sampleRate, channels: a.channels, config: a.config };
    const t = Math.round((samples * 1000) / a.sampleRate);
    out.push({ track, dts: t, pts: t, key: true, data: a.raw.slice() });
    samples += a.samples;
    p += a.size;
  }
  return out;
}

/** Interleaves frame lists by dts (stable: video before audio on ties). */
export function interleave(...lists: MediaFrame[][]): MediaFrame[] {
  return lists.flat().map((f, i) => ({ f, i })).sort((a, b) => a.f.dts - b.f.dts || a.i - b.i).map((x) => x.f);
}

/** Shifts timestamps (a source clock jump). */
export function shift(frames: MediaFrame[], by: number): MediaFrame[] {
  return frames.map((f) => ({ ...f, dts: f.dts + by, pts: f.pts + by }));
}

/**
 * Feeds frames paced by their dts, `speed` times faster than real time (servers accept a moderate burst).
 * `onFrame` runs before each frame (e.g. to mark a discontinuity).
 */
export async function feed(
  write: (f: MediaFrame) => void,
  frames: MediaFrame[],
  speed = 1,
  onFrame?: (f: MediaFrame, i: number) => void,
): Promise<void> {
  const start = Date.now();
  const t0 = frames[0]?.dts ?? 0;
  let lastDts = t0;
  let elapsedMedia = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    // Media time only moves forwards, even across the jumps the tests make on purpose.
    const d = f.dts - lastDts;
    if (d > 0 && d < 1000) elapsedMedia += d;
    lastDts = f.dts;
    const due = start + elapsedMedia / speed;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    onFrame?.(f, i);
    write(f);
  }
}

export function workFile(name: string): string {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  return path.join(WORK_DIR, name);
}

let seq = 0;
/** A stream key unique to this process and test. */
export function uniqueKey(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq++}`;
}

export const silentLogger = {
  trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {},
  child() { return silentLogger; },
};
