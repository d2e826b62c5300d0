/** H.264/H.265 Annex-B byte streams (ITU-T H.264 Annex B, H.265 Annex B): start codes and NAL unit lists. */

const START_CODE_3 = Buffer.of(0, 0, 1);

/**
 * Splits an Annex-B buffer into NAL units (views, start codes removed; trailing zero bytes trimmed). Start codes
 * are found with the native `Buffer.indexOf`: no JavaScript loop over the bytes.
 */
export function splitAnnexB(buf: Uint8Array): Uint8Array[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Uint8Array[] = [];
  let start = -1;
  for (let i = b.indexOf(START_CODE_3); i >= 0; i = b.indexOf(START_CODE_3, i + 3)) {
    if (start >= 0) pushTrimmed(out, buf, start, i);
    start = i + 3;
  }
  if (start >= 0 && start < b.length) pushTrimmed(out, buf, start, b.length);
  return out;
}

function pushTrimmed(out: Uint8Array[], buf: Uint8Array, from: number, to: number): void {
  const u = trimZeros(buf, from, to);
  if (u.length > 0) out.push(u);
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
