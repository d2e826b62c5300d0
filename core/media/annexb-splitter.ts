/**
 * Streaming Annex-B → access units (ITU-T H.264 / H.265 Annex B byte stream; AU boundaries per
 * access-unit-boundary.ts). Bytes may be split anywhere; each AU is tagged with a value taken when its first
 * NAL unit begins (a frame counter, or the PTS of the PES packet it started in).
 */
import type { VideoCodec } from '../contracts/media.js';
import { AccessUnitAssembler } from './access-unit-assembler.js';
import { BOUNDARY_PREFIX_BYTES } from './access-unit-boundary.js';
import { LimitError } from './format-error.js';
import { GrowableBuffer } from './growable-buffer.js';
import { MAX_ACCESS_UNIT_SIZE } from './limits.js';

export interface SplitAccessUnit<T> {
  /** NAL units without start codes (copies, owned by the receiver). */
  readonly nals: Uint8Array[];
  readonly tag: T;
}

export class AnnexBSplitter<T> {
  private readonly pending = new GrowableBuffer();
  /** Offset in `pending` of the open NAL's first byte (after its start code); -1 before the first start code. */
  private nalStart = -1;
  /** Whether the open NAL's boundary decision was already taken. */
  private decided = false;
  /** Where to resume the start-code scan. */
  private scanPos = 0;
  private readonly assembler: AccessUnitAssembler;
  private tag: T | undefined;

  /** `startTag` is called when an AU's first NAL unit begins; its result tags that AU. */
  constructor(readonly codec: VideoCodec, private readonly startTag: () => T) {
    this.assembler = new AccessUnitAssembler(codec);
  }

  push(chunk: Uint8Array, out: SplitAccessUnit<T>[] = []): SplitAccessUnit<T>[] {
    this.pending.append(chunk);
    const buf = this.pending.view();
    const n = buf.length;
    let i = Math.max(this.scanPos, this.nalStart < 0 ? 0 : this.nalStart);
    for (; i + 2 < n; i++) {
      if (buf[i + 2]! > 1) {
        i += 2; // no start code can begin at i, i+1 or i+2
        continue;
      }
      if (buf[i] !== 0 || buf[i + 1] !== 0 || buf[i + 2] !== 1) continue;
      if (this.nalStart >= 0) this.completeNal(buf, i, out);
      this.nalStart = i + 3;
      this.decided = false;
      i += 2;
    }
    this.scanPos = i;
    if (this.nalStart >= 0) {
      if (!this.decided && n - this.nalStart >= BOUNDARY_PREFIX_BYTES) {
        this.decide(buf.subarray(this.nalStart, this.nalStart + BOUNDARY_PREFIX_BYTES), out);
      }
      if (n - this.nalStart > MAX_ACCESS_UNIT_SIZE) {
        const size = n - this.nalStart;
        this.reset();
        throw new LimitError('NAL unit', 'MAX_ACCESS_UNIT_SIZE', size, MAX_ACCESS_UNIT_SIZE);
      }
    }
    // Keep only the open NAL, or (before any start code) the last 2 bytes that may begin one.
    const keepFrom = this.nalStart >= 0 ? this.nalStart : Math.max(0, n - 2);
    this.pending.consume(keepFrom);
    this.scanPos -= keepFrom;
    if (this.nalStart >= 0) this.nalStart -= keepFrom;
    return out;
  }

  /** End of stream: completes the open NAL unit and returns the last AU if it holds a picture. */
  flush(out: SplitAccessUnit<T>[] = []): SplitAccessUnit<T>[] {
    if (this.nalStart >= 0) {
      const buf = this.pending.view();
      this.completeNal(buf, buf.length, out);
    }
    this.pending.consume(this.pending.length);
    this.nalStart = -1;
    this.scanPos = 0;
    const last = this.assembler.flush();
    if (last) out.push({ nals: last, tag: this.tag as T });
    this.tag = undefined;
    return out;
  }

  private reset(): void {
    this.pending.consume(this.pending.length);
    this.nalStart = -1;
    this.scanPos = 0;
    this.decided = false;
    this.assembler.flush();
  }

  private completeNal(buf: Uint8Array, end: number, out: SplitAccessUnit<T>[]): void {
    while (end > this.nalStart && buf[end - 1] === 0) end--; // trailing_zero_8bits / 4-byte start code
    const nal = buf.slice(this.nalStart, end);
    if (!this.decided) this.decide(nal.subarray(0, BOUNDARY_PREFIX_BYTES), out);
    this.assembler.add(nal);
  }

  private decide(prefix: Uint8Array, out: SplitAccessUnit<T>[]): void {
    this.decided = true;
    const done = this.assembler.boundary(prefix);
    if (done) out.push({ nals: done, tag: this.tag as T });
    if (done || this.assembler.isEmpty) this.tag = this.startTag();
  }
}
