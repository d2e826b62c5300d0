/**
 * Pushed chunks with a consumable front, for push parsers whose output are views into the input (no copy).
 * Bytes are never written after they are queued: a view from `view()` stays valid forever. Chunks are joined
 * (one native copy) only when a structure spans them, and only once `want(n)` bytes are there, so feeding a
 * large structure in tiny chunks stays linear.
 */
const EMPTY = new Uint8Array(0);

export class ChunkQueue {
  private head: Uint8Array = EMPTY;
  private start = 0;
  private tail: Uint8Array[] = [];
  private tailLength = 0;
  private wanted = 0;

  get length(): number {
    return this.head.length - this.start + this.tailLength;
  }

  /** True once at least the amount last asked for with `want` is queued. */
  get ready(): boolean {
    return this.length >= this.wanted;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.start === this.head.length) {
      this.head = chunk;
      this.start = 0;
    } else {
      this.tail.push(chunk);
      this.tailLength += chunk.length;
    }
  }

  /** Records that nothing can be parsed before `n` bytes are queued. */
  want(n: number): void {
    this.wanted = n;
  }

  /** The queued bytes as one view (joining pending chunks first). */
  view(): Uint8Array {
    if (this.tail.length > 0) {
      this.head = Buffer.concat([this.head.subarray(this.start), ...this.tail]);
      this.start = 0;
      this.tail = [];
      this.tailLength = 0;
    }
    return this.head.subarray(this.start);
  }

  /** Drops the first `n` bytes. */
  consume(n: number): void {
    this.view();
    this.start = Math.min(this.head.length, this.start + n);
    this.wanted = 0;
    if (this.start === this.head.length) {
      this.head = EMPTY;
      this.start = 0;
    }
  }
}
