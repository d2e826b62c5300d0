import type { RecordFile, WallTime } from '@nvr-pusher/core/contracts';

/** Bytes per second of a simulated recording (2 Mb/s, a typical NVR main stream). */
const BYTES_PER_SECOND = 256 * 1024;

const stamp = (t: WallTime) => new Date(t).toISOString().replace(/[-:T]/g, '').slice(0, 14);

/**
 * The simulated NVR records around the clock in files of `fileMinutes`, aligned to the hour like real NVRs;
 * returns those overlapping [start, end).
 */
export function syntheticRecords(channel: number, start: WallTime, end: WallTime, fileMinutes: number): RecordFile[] {
  const len = fileMinutes * 60_000;
  const out: RecordFile[] = [];
  for (let t = Math.floor(start / len) * len; t < end; t += len) {
    out.push({
      fileName: `ch${String(channel).padStart(4, '0')}_${stamp(t)}`,
      fileSize: (len / 1000) * BYTES_PER_SECOND,
      start: t,
      stop: t + len,
    });
  }
  return out;
}
