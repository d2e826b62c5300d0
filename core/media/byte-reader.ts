import { TruncatedError } from './format-error.js';

/** Bounds-checked big-endian cursor over a byte array. Every read throws TruncatedError past the end. */
export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly structure = 'data') {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new TruncatedError(this.structure, n, this.remaining, this.pos);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16be(): number {
    this.need(2);
    const b = this.buf, p = this.pos;
    this.pos += 2;
    return (b[p]! << 8) | b[p + 1]!;
  }
  u24be(): number {
    this.need(3);
    const b = this.buf, p = this.pos;
    this.pos += 3;
    return (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }
  u32be(): number {
    this.need(4);
    const b = this.buf, p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }
  u16le(): number {
    this.need(2);
    const b = this.buf, p = this.pos;
    this.pos += 2;
    return b[p]! | (b[p + 1]! << 8);
  }
  u32le(): number {
    this.need(4);
    const b = this.buf, p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + ((b[p + 3]! << 24) >>> 0);
  }
  /** A view (no copy) of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}
