/** An append-only byte buffer with a consumable front, for push framers (amortised O(1) per byte). */
export class GrowableBuffer {
  private buf = new Uint8Array(4096);
  /** First unconsumed byte. */
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** The unconsumed bytes, as a view valid until the next `append`/`consume`. */
  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      const need = live + chunk.length;
      if (need <= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let cap = this.buf.length;
        while (cap < need * 2) cap *= 2;
        const next = new Uint8Array(cap);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Drops the first `n` unconsumed bytes. */
  consume(n: number): void {
    this.start = Math.min(this.end, this.start + n);
    if (this.start === this.end) this.start = this.end = 0;
  }
}
