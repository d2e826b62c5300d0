/** Video frames that carry their NAL units (MediaFrame.nalus) and join them into Annex-B only when `data` is read. */
import type { MediaFrame, VideoTrack } from '../contracts/media.js';
import { joinAnnexB } from './annexb.js';

/**
 * A frame over `nalus` (views, start codes removed). `data` is an own getter (object spread keeps working: it
 * copies the joined bytes) that joins with 4-byte start codes once, on first read.
 */
export function annexBFrame(track: VideoTrack, dts: number, pts: number, key: boolean, nalus: Uint8Array[]): MediaFrame {
  let size = 0;
  for (const u of nalus) size += 4 + u.length;
  let joined: Uint8Array | undefined;
  return {
    track, dts, pts, key, nalus, byteLength: size,
    get data(): Uint8Array {
      return (joined ??= joinAnnexB(nalus));
    },
  };
}

/** Bytes of coded data a frame carries, without joining its NAL units. */
export const frameByteLength = (f: MediaFrame): number => f.byteLength ?? f.data.length;
