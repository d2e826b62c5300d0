/** Test helper: feeds a push demuxer whole or in fixed-size chunks and collects every frame. */
import type { Demuxer, MediaFrame } from '../../contracts/media.js';

export function feed(demuxer: Demuxer, data: Uint8Array, chunkSize = data.length || 1): MediaFrame[] {
  const out: MediaFrame[] = [];
  for (let i = 0; i < data.length; i += chunkSize) out.push(...demuxer.push(data.subarray(i, i + chunkSize)));
  out.push(...demuxer.flush());
  return out;
}

/** A comparable summary of frames (track identity shown as an index of first appearance). */
export function summary(frames: readonly MediaFrame[]): unknown[] {
  const tracks: unknown[] = [];
  return frames.map((f) => {
    if (!tracks.includes(f.track)) tracks.push(f.track);
    return { track: tracks.indexOf(f.track), kind: f.track.kind, dts: f.dts, pts: f.pts, key: f.key, data: Buffer.from(f.data).toString('hex') };
  });
}
