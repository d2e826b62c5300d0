/** MSB-first bit reader for RBSP syntax (ITU-T H.264 §7.2 / H.265 §7.2: u(n), ue(v), se(v); §9.1 exp-Golomb). */
import { FormatError, TruncatedError } from './format-error.js';

/** Longest exp-Golomb prefix accepted: ue(v) values in both specs fit in 32 bits. */
export const MAX_EXP_GOLOMB_LEADING_ZEROS = 31;

/** Bounds-checked MSB-first bit cursor. Every read throws TruncatedError past the end. */
export class BitReader {
  /** Position in bits from the start of `buf`. */
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly structure = 'RBSP') {}

  get bitsLeft(): number {
    return this.buf.length * 8 - this.pos;
  }

  private need(n: number): void {
    if (n > this.bitsLeft) {
      throw new TruncatedError(this.structure, Math.ceil((this.pos + n) / 8) - (this.pos >> 3), this.buf.length - (this.pos >> 3), this.pos >> 3);
    }
  }

  /** u(1). */
  bit(): number {
    this.need(1);
    const v = (this.buf[this.pos >> 3]! >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return v;
  }

  /** u(1) as a boolean. */
  flag(): boolean {
    return this.bit() === 1;
  }

  /** u(n), n ≤ 32, as an unsigned number. */
  bits(n: number): number {
    if (n < 0 || n > 32) throw new RangeError(`bits(${n}): n must be 0..32`);
    this.need(n);
    let v = 0;
    for (let i = 0; i < n; i++) {
      v = v * 2 + ((this.buf[this.pos >> 3]! >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** ue(v): unsigned exp-Golomb (§9.1). */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      zeros++;
      if (zeros > MAX_EXP_GOLOMB_LEADING_ZEROS) {
        throw new FormatError(this.structure, `exp-Golomb code has more than ${MAX_EXP_GOLOMB_LEADING_ZEROS} leading zero bits`, this.pos >> 3);
      }
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v): signed exp-Golomb (§9.1.1, Table 9-3). */
  se(): number {
    const k = this.ue();
    if (k === 0) return 0;
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** True when only rbsp_trailing_bits (a 1 then zeros) or nothing remain (H.264 §7.2 more_rbsp_data()). */
  moreRbspData(): boolean {
    if (this.bitsLeft <= 0) return false;
    let last = this.buf.length - 1;
    while (last >= 0 && this.buf[last] === 0) last--;
    if (last < 0) return false;
    const b = this.buf[last]!;
    let trailingBitPos = last * 8 + 7;
    for (let i = 0; i < 8; i++) {
      if ((b >> i) & 1) break;
      trailingBitPos--;
    }
    return this.pos < trailingBitPos;
  }
}

/**
 * Removes emulation_prevention_three_byte (0x000003 → 0x0000) from a NAL unit, giving the RBSP
 * (H.264 §7.3.1 / H.265 §7.3.1.1). Returns the input itself when it contains none.
 */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  let first = -1;
  for (let i = 2; i < nal.length; i++) {
    if (nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) {
      first = i;
      break;
    }
  }
  if (first < 0) return nal;
  const out = new Uint8Array(nal.length);
  let o = 0;
  let zeros = 0;
  for (let i = 0; i < nal.length; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[o++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, o);
}
