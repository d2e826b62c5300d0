/** H.264/H.265 Annex-B byte streams (ITU-T H.264 Annex B, H.265 Annex B): start codes and NAL unit lists. */

/** Splits an Annex-B buffer into NAL units (views, start codes removed; trailing zero bytes trimmed). */
export function splitAnnexB(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const n = buf.length;
  let i = 0;
  let start = -1;
  // Look at the third byte first: a start code (00 00 01) cannot begin at i, i+1 or i+2 unless buf[i+2] is 0 or 1,
  // so most positions are skipped three at a time (this loop runs over every byte of every frame).
  while (i + 2 < n) {
    const c = buf[i + 2]!;
    if (c > 1) {
      i += 3;
    } else if (c === 1) {
      if (buf[i] === 0 && buf[i + 1] === 0) {
        if (start >= 0) out.push(trimZeros(buf, start, i));
        start = i + 3;
      }
      i += 3;
    } else {
      i++;
    }
  }
  if (start >= 0 && start < n) out.push(trimZeros(buf, start, n));
  return out.filter((u) => u.length > 0);
}

function trimZeros(buf: Uint8Array, from: number, to: number): Uint8Array {
  while (to > from && buf[to - 1] === 0) to--;
  return buf.subarray(from, to);
}

const START_CODE = Uint8Array.of(0, 0, 0, 1);

/** Joins NAL units into one Annex-B buffer with 4-byte start codes. */
export function joinAnnexB(units: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const u of units) size += 4 + u.length;
  const out = new Uint8Array(size);
  let p = 0;
  for (const u of units) {
    out.set(START_CODE, p);
    out.set(u, p + 4);
    p += 4 + u.length;
  }
  return out;
}

/** H.264 nal_unit_type (Table 7-1). */
export const h264NalType = (nal: Uint8Array): number => nal[0]! & 0x1f;
/** H.265 nal_unit_type (Table 7-1). */
export const h265NalType = (nal: Uint8Array): number => (nal[0]! >> 1) & 0x3f;
