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

/**
 * The same sample as parts, without copying a NAL unit: `[lead + u32 length₀, unit₀, u32 length₁, unit₁, …]`.
 * `lead` bytes of room are left before the first prefix (the caller writes its tag header there); the prefixes
 * share one small buffer.
 */
export function lengthPrefixedParts(units: readonly Uint8Array[], lead: number): { parts: Uint8Array[]; head: Uint8Array } {
  const prefixes = Buffer.allocUnsafe(lead + 4 * units.length);
  const parts: Uint8Array[] = [];
  let p = lead;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    prefixes.writeUInt32BE(u.length, p);
    parts.push(prefixes.subarray(i === 0 ? 0 : p, p + 4), u);
    p += 4;
  }
  return { parts, head: prefixes };
}

/** Splits length-prefixed NAL units (views into `buf`). Throws TruncatedError when a length overruns. */
export function decodeLengthPrefixed(buf: Uint8Array): Uint8Array[] {
  const r = new ByteReader(buf, 'length-prefixed NAL units');
  const out: Uint8Array[] = [];
  while (r.remaining > 0) out.push(r.bytes(r.u32be()));
  return out;
}
