/** 33-bit 90 kHz timestamps of ISO/IEC 13818-1 (PTS/DTS §2.4.3.7, SCR §2.5.3.4) and their unwrapping. */

/** 2^33: the PTS/DTS/SCR counters wrap here (about 26.5 hours at 90 kHz). */
export const TIMESTAMP_WRAP = 2 ** 33;
export const CLOCK_90KHZ_PER_MS = 90;

/** Reads the 5-byte PTS/DTS field ('xxxx' prefix, 3 + 15 + 15 bits with marker bits) at `p`. */
export function readTimestamp(b: Uint8Array, p: number): number {
  const high = (b[p]! >> 1) & 0x07; // [32..30]
  const mid = ((b[p + 1]! << 7) | (b[p + 2]! >> 1)) & 0x7fff; // [29..15]
  const low = ((b[p + 3]! << 7) | (b[p + 4]! >> 1)) & 0x7fff; // [14..0]
  return high * 2 ** 30 + mid * 2 ** 15 + low;
}

/** True if the three marker bits of a 5-byte PTS/DTS field are set. */
export function timestampMarkersOk(b: Uint8Array, p: number): boolean {
  return (b[p]! & 1) === 1 && (b[p + 2]! & 1) === 1 && (b[p + 4]! & 1) === 1;
}

/** Writes a 5-byte PTS/DTS field with the 4-bit `prefix` ('0010' PTS only, '0011'/'0001' PTS/DTS pair). */
export function writeTimestamp(out: Uint8Array, p: number, prefix: number, ts: number): void {
  const t = ((ts % TIMESTAMP_WRAP) + TIMESTAMP_WRAP) % TIMESTAMP_WRAP;
  const high = Math.floor(t / 2 ** 30) & 0x07;
  const mid = Math.floor(t / 2 ** 15) & 0x7fff;
  const low = t & 0x7fff;
  out[p] = (prefix << 4) | (high << 1) | 1;
  out[p + 1] = mid >> 7;
  out[p + 2] = ((mid & 0x7f) << 1) | 1;
  out[p + 3] = low >> 7;
  out[p + 4] = ((low & 0x7f) << 1) | 1;
}

/**
 * Turns 33-bit timestamps into a continuous timeline: each value is placed at the wrap-around multiple
 * closest to the previous result, so a wrap (forwards) or a small step back (B-frame PTS vs DTS) both work.
 */
export class TimestampUnwrapper {
  private last: number | undefined;

  unwrap(raw: number): number {
    if (this.last === undefined) {
      this.last = raw;
      return raw;
    }
    const k = Math.round((this.last - raw) / TIMESTAMP_WRAP);
    const v = raw + k * TIMESTAMP_WRAP;
    this.last = v;
    return v;
  }
}
