import { describe, expect, it } from 'vitest';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { KeyFrameGate } from '../src/key-frame-gate.js';
import { alawTrack, videoTrack } from './support/media.js';

const v = (key: boolean): MediaFrame => ({ track: videoTrack, dts: 0, pts: 0, key, data: new Uint8Array(1) });
const a: MediaFrame = { track: alawTrack, dts: 0, pts: 0, key: true, data: new Uint8Array(1) };

/** Runs frames through the gate; `room[i]` says whether the queue had room for frame i. Returns what was sent. */
function run(frames: MediaFrame[], room: boolean[]): string {
  const gate = new KeyFrameGate();
  return frames.map((f, i) => {
    const name = f.track.kind === 'audio' ? 'a' : f.key ? 'K' : 'p';
    if (!gate.admits(f)) return '-';
    gate.settle(f, room[i]!);
    return room[i] ? name : 'x';
  }).join('');
}

describe('KeyFrameGate', () => {
  // prettier-ignore
  const cases = [
    { name: 'non-key video before the first key frame is dropped', frames: [v(false), a, v(true), v(false)], room: [true, true, true, true], sent: '-aKp' },
    { name: 'after a refused P-frame, video waits for the next key frame; audio continues', frames: [v(true), v(false), v(false), a, v(false), v(true), v(false)], room: [true, false, true, true, true, true, true], sent: 'Kx-a-Kp' },
    { name: 'a refused key frame keeps waiting', frames: [v(true), v(false), v(true), v(false)], room: [false, true, true, true], sent: 'x-Kp' },
    { name: 'refused audio does not stop video', frames: [v(true), a, v(false)], room: [true, false, true], sent: 'Kxp' },
  ];
  for (const c of cases) it(c.name, () => expect(run(c.frames, c.room)).toBe(c.sent));
});
