/**
 * Test media for the ffmpeg sink: H.264 access units and G.711 A-law from the committed `fixtures/media` files
 * (generated with ffmpeg into `test/.work/` when the fixtures are absent), and a real-time feeder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AudioTrack, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { h264NalType, joinAnnexB, splitAnnexB } from '@nvr-pusher/core/media';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
export const WORK_DIR = path.resolve(here, '../.work');

export const WIDTH = 640;
export const HEIGHT = 360;
export const FRAME_MS = 40;
/** 40 ms of 8 kHz G.711. */
export const AUDIO_CHUNK = 320;

function fixture(name: string, generate: string[]): Buffer {
  const committed = path.join(repo, 'fixtures/media', name);
  if (fs.existsSync(committed)) return fs.readFileSync(committed);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const out = path.join(WORK_DIR, name);
  if (!fs.existsSync(out)) execFileSync('ffmpeg', ['-v', 'error', '-y', ...generate, out]);
  return fs.readFileSync(out);
}

export interface AccessUnit {
  readonly data: Uint8Array;
  readonly key: boolean;
}

/** H.264 640x360 25 fps access units (SPS/PPS in each IDR unit), grouped from the Annex-B fixture. */
export function h264AccessUnits(): AccessUnit[] {
  const raw = fixture('h264-640x360-25fps.h264', [
    '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=25`, '-t', '5', '-c:v', 'libx264', '-preset', 'veryfast',
    '-bf', '0', '-g', '50', '-b:v', '250k', '-f', 'h264',
  ]);
  const aus: AccessUnit[] = [];
  let cur: Uint8Array[] = [];
  let hasSlice = false;
  const flush = () => {
    if (cur.length) aus.push({ data: joinAnnexB(cur), key: cur.some((n) => h264NalType(n) === 5) });
    cur = [];
    hasSlice = false;
  };
  for (const nal of splitAnnexB(raw)) {
    const t = h264NalType(nal);
    const vcl = t >= 1 && t <= 5;
    // A new access unit starts with a non-VCL unit after a slice, or a slice with first_mb_in_slice = 0.
    if (hasSlice && (!vcl || (nal[1]! & 0x80) !== 0)) flush();
    if (t === 9) continue; // AUDs are dropped; PS framing delimits units
    cur.push(nal);
    if (vcl) hasSlice = true;
  }
  flush();
  return aus;
}

export function alaw(): Uint8Array {
  return fixture('sine-440hz-8k.alaw', ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000', '-t', '5', '-f', 'alaw']);
}

export const videoTrack: VideoTrack = { kind: 'video', codec: 'h264', width: WIDTH, height: HEIGHT, frameRate: 25 };
export const alawTrack: AudioTrack = { kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 };

/** Frame `i` of an endless loop over the fixtures (video every 40 ms, plus 40 ms of audio when `audio`). */
export function* frameLoop(audio: boolean): Generator<MediaFrame[]> {
  const aus = h264AccessUnits();
  const pcm = alaw();
  const chunks = Math.floor(pcm.length / AUDIO_CHUNK);
  for (let i = 0; ; i++) {
    const au = aus[i % aus.length]!;
    const t = i * FRAME_MS;
    const out: MediaFrame[] = [{ track: videoTrack, dts: t, pts: t, key: au.key, data: au.data }];
    if (audio) {
      const c = i % chunks;
      out.push({ track: alawTrack, dts: t, pts: t, key: true, data: pcm.slice(c * AUDIO_CHUNK, (c + 1) * AUDIO_CHUNK) });
    }
    yield out;
  }
}

/** Calls `tick` every 40 ms (real time, as an NVR delivers live) until stopped. */
export function pace(tick: () => void, periodMs = FRAME_MS): { stop(): void } {
  const t = setInterval(tick, periodMs);
  return { stop: () => clearInterval(t) };
}
