/**
 * The readable stream fluent-ffmpeg pipes into ffmpeg's stdin, with a hard bound on what it queues.
 *
 * While ffmpeg keeps up, `pipe()` drains every chunk at once and nothing is queued. When ffmpeg stalls (slow
 * server, CPU-bound encode, SIGSTOP), `pipe()` pauses and chunks pile up here; `offer()` then refuses anything
 * that would take the queue past `maxBytes`, so memory stays bounded by `maxBytes` + the stdin stream's own
 * 16 KiB high-water mark + one chunk. The caller decides what a refusal means (drop until the next key frame).
 */
import { Readable } from 'node:stream';

export class BoundedInput extends Readable {
  #ended = false;

  constructor(readonly maxBytes: number) {
    super({ highWaterMark: maxBytes });
  }

  override _read(): void {
    // Data is pushed by offer(); nothing to pull.
  }

  /** Bytes waiting for ffmpeg. */
  get bufferedBytes(): number {
    return this.readableLength;
  }

  /** Queues `chunk` unless that would exceed the bound (or the input ended). Returns false when refused. */
  offer(chunk: Uint8Array): boolean {
    if (this.#ended || this.destroyed) return false;
    if (this.readableLength + chunk.length > this.maxBytes) return false;
    this.push(chunk);
    return true;
  }

  /** Ends the input: ffmpeg reads what is queued, then EOF. */
  finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (!this.destroyed) this.push(null);
  }
}
