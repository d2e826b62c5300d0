/** NAL units with 4-byte big-endian length prefixes (ISO/IEC 14496-15 §5.3.4.2 sample format, lengthSizeMinusOne = 3). */
import { ByteReader } from '@nvr-pusher/core/media';

/** Joins NAL units as `u32 length | bytes` each. */
export function encodeLengthPrefixed(units: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const u of units) size += 4 + u.length;
  const out = new Uint8Array(size);
  let p = 0;
  for (const u of units) {
    const n = u.length;
    out[p] = n >>> 24;
    out[p + 1] = (n >>> 16) & 0xff;
    out[p + 2] = (n >>> 8) & 0xff;
    out[p + 3] = n & 0xff;
    out.set(u, p + 4);
    p += 4 + n;
  }
  return out;
}

/** Splits length-prefixed NAL units (views into `buf`). Throws TruncatedError when a length overruns. */
export function decodeLengthPrefixed(buf: Uint8Array): Uint8Array[] {
  const r = new ByteReader(buf, 'length-prefixed NAL units');
  const out: Uint8Array[] = [];
  while (r.remaining > 0) out.push(r.bytes(r.u32be()));
  return out;
}
