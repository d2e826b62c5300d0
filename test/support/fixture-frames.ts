import fs from 'node:fs';
import path from 'node:path';
import type { AudioTrack, MediaFrame } from '@nvr-pusher/core/contracts';
import { AnnexBFramer } from '@nvr-pusher/core/media';
import { REPO_ROOT } from './service.js';

/** Frames of a committed fixture clip (`fixtures/media/<name>`), H.264 or H.265 by extension, 25 fps. */
export function fixtureFrames(name: string): MediaFrame[] {
  const codec = name.endsWith('.h265') ? 'h265' : 'h264';
  const framer = new AnnexBFramer(codec, { frameRate: 25 });
  const data = fs.readFileSync(path.join(REPO_ROOT, 'fixtures/media', name));
  return [...framer.push(data), ...framer.flush()];
}

/** G.711 A-law frames of 40 ms from the committed sine fixture, for `ms` of audio. */
export function fixtureAlaw(ms: number): MediaFrame[] {
  const data = fs.readFileSync(path.join(REPO_ROOT, 'fixtures/media/sine-440hz-8k.alaw'));
  const track: AudioTrack = { kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 };
  const out: MediaFrame[] = [];
  for (let t = 0, i = 0; t < ms && i + 320 <= data.length; t += 40, i += 320) out.push({ track, dts: t, pts: t, key: true, data: data.subarray(i, i + 320) });
  return out;
}

/** Shifts frames by `offsetMs` (a new loop or a timeline jump). */
export const shifted = (frames: readonly MediaFrame[], offsetMs: number): MediaFrame[] =>
  frames.map((f) => ({ ...f, dts: f.dts + offsetMs, pts: f.pts + offsetMs }));

/** Writes frames paced by their timestamps at `speed`× real time. */
export async function paced(frames: readonly MediaFrame[], write: (f: MediaFrame) => void, speed = 1): Promise<void> {
  const t0 = Date.now();
  const base = frames[0]?.dts ?? 0;
  for (const f of frames) {
    const due = (f.dts - base) / speed - (Date.now() - t0);
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    write(f);
  }
}
