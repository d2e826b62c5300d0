/** Test helper: MSB-first bit writer with exp-Golomb, to hand-build SPS NAL units field by field. */
export class BitWriter {
  private bits: number[] = [];

  u(n: number, v: number): this {
    for (let i = n - 1; i >= 0; i--) this.bits.push(Math.floor(v / 2 ** i) % 2);
    return this;
  }
  flag(b: boolean): this {
    return this.u(1, b ? 1 : 0);
  }
  ue(v: number): this {
    const len = Math.floor(Math.log2(v + 1));
    return this.u(len, 0).u(len + 1, v + 1);
  }
  se(v: number): this {
    return this.ue(v > 0 ? 2 * v - 1 : -2 * v);
  }
  /** rbsp_trailing_bits, then emulation prevention, prefixed by the NAL header bytes. */
  nal(header: number[]): Uint8Array {
    const bits = [...this.bits, 1];
    while (bits.length % 8) bits.push(0);
    const rbsp: number[] = [];
    for (let i = 0; i < bits.length; i += 8) rbsp.push(parseInt(bits.slice(i, i + 8).join(''), 2));
    return Uint8Array.from([...header, ...escapeRbsp(Uint8Array.from(rbsp))]);
  }
}

/** Inserts emulation-prevention bytes (H.264 7.4.1): the inverse of `unescapeRbsp`. */
export function escapeRbsp(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}
