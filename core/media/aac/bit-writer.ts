/** MSB-first bit writer for AAC raw_data_block syntax (ISO/IEC 14496-3 uses big-endian bit order throughout). */
export class AacBitWriter {
  private buf: Uint8Array;
  private byte = 0;
  private acc = 0;
  private accBits = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.byte * 8 + this.accBits;
  }

  reset(): void {
    this.byte = 0;
    this.acc = 0;
    this.accBits = 0;
  }

  /** Writes the low `n` bits of `value` (n ≤ 24). */
  write(value: number, n: number): void {
    if (n === 0) return;
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.accBits += n;
    while (this.accBits >= 8) {
      this.accBits -= 8;
      this.push((this.acc >>> this.accBits) & 0xff);
    }
    this.acc &= (1 << this.accBits) - 1;
  }

  /** Pads with zero bits to a byte boundary and returns a copy of the bytes. */
  finish(): Uint8Array {
    if (this.accBits > 0) this.write(0, 8 - this.accBits);
    return this.buf.slice(0, this.byte);
  }

  private push(b: number): void {
    if (this.byte === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.byte++] = b;
  }
}
