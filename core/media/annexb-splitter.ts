/**
 * Streaming Annex-B → access units (ITU-T H.264 / H.265 Annex B byte stream; AU boundaries per
 * access-unit-boundary.ts). Bytes may be split anywhere; each AU is tagged with a value taken when its first
 * NAL unit begins (a frame counter, or the PTS of the PES packet it started in).
 *
 * No copy and no JavaScript loop over the bytes: start codes are found with `Buffer.indexOf` (native), and a NAL
 * unit that lies within one pushed chunk is returned as a view into that chunk. Only a NAL unit spread over
 * several chunks is joined (one native copy). Pushed chunks must therefore not be written to afterwards (the
 * `writeRaw` ownership rule).
 */
import type { VideoCodec } from '../contracts/media.js';
import { AccessUnitAssembler } from './access-unit-assembler.js';
import { BOUNDARY_PREFIX_BYTES } from './access-unit-boundary.js';
import { LimitError } from './format-error.js';
import { MAX_ACCESS_UNIT_SIZE } from './limits.js';

export interface SplitAccessUnit<T> {
  /** NAL units without start codes: views into the pushed chunks (joined only when one spans chunks). */
  readonly nals: Uint8Array[];
  readonly tag: T;
}

const START_CODE = Buffer.of(0, 0, 1);

/** The same bytes as a Buffer (no copy), for the native `indexOf`. */
export const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

export class AnnexBSplitter<T> {
  /** Pieces of the open NAL unit (after its start code), in order. */
  private parts: Uint8Array[] = [];
  private openSize = 0;
  /** A start code was seen: bytes now belong to a NAL unit. */
  private open = false;
  /** Whether the open NAL's boundary decision was already taken. */
  private decided = false;
  /** Zero bytes at the end of everything pushed so far (a start code may continue in the next chunk). */
  private tailZeros = 0;
  private readonly assembler: AccessUnitAssembler;
  private tag: T | undefined;

  /** `startTag` is called when an AU's first NAL unit begins; its result tags that AU. */
  constructor(readonly codec: VideoCodec, private readonly startTag: () => T) {
    this.assembler = new AccessUnitAssembler(codec);
  }

  push(chunk: Uint8Array, out: SplitAccessUnit<T>[] = []): SplitAccessUnit<T>[] {
    const b = asBuffer(chunk);
    const n = b.length;
    if (n === 0) return out;
    let from = 0;
    // A start code split across the previous chunk and this one.
    if (this.tailZeros >= 2 && b[0] === 1) from = this.startNal(b, 0, 1, out);
    else if (this.tailZeros >= 1 && n >= 2 && b[0] === 0 && b[1] === 1) from = this.startNal(b, 0, 2, out);
    let segStart = from;
    for (let i = b.indexOf(START_CODE, from); i >= 0; i = b.indexOf(START_CODE, segStart)) {
      segStart = this.startNal(b, segStart, i + 3, out, i);
    }
    if (this.open && segStart < n) this.addPart(b.subarray(segStart, n));
    let z = 0;
    while (z < n && b[n - 1 - z] === 0) z++;
    this.tailZeros = z === n ? this.tailZeros + n : z;
    if (this.open) {
      if (!this.decided && this.openSize >= BOUNDARY_PREFIX_BYTES) this.decide(this.prefix(), out);
      if (this.openSize > MAX_ACCESS_UNIT_SIZE) {
        const size = this.openSize;
        this.reset();
        throw new LimitError('NAL unit', 'MAX_ACCESS_UNIT_SIZE', size, MAX_ACCESS_UNIT_SIZE);
      }
    }
    return out;
  }

  /** End of stream: completes the open NAL unit and returns the last AU if it holds a picture. */
  flush(out: SplitAccessUnit<T>[] = []): SplitAccessUnit<T>[] {
    if (this.open) this.completeNal(out);
    this.open = false;
    this.tailZeros = 0;
    const last = this.assembler.flush();
    if (last) out.push({ nals: last, tag: this.tag as T });
    this.tag = undefined;
    return out;
  }

  /**
   * Closes the open NAL at `end` of `b` (bytes from `segStart` belong to it; `end` omitted: the NAL ended in an
   * earlier chunk) and opens the next one at `next`. Returns `next`.
   */
  private startNal(b: Buffer, segStart: number, next: number, out: SplitAccessUnit<T>[], end?: number): number {
    if (this.open) {
      if (end !== undefined && end > segStart) this.addPart(b.subarray(segStart, end));
      this.completeNal(out);
    }
    this.open = true;
    this.decided = false;
    return next;
  }

  private addPart(p: Uint8Array): void {
    this.parts.push(p);
    this.openSize += p.length;
  }

  private reset(): void {
    this.parts = [];
    this.openSize = 0;
    this.open = false;
    this.decided = false;
    this.tailZeros = 0;
    this.assembler.flush();
  }

  /** The first bytes of the open NAL (a 3-byte copy when they span pieces). */
  private prefix(): Uint8Array {
    const first = this.parts[0]!;
    if (first.length >= BOUNDARY_PREFIX_BYTES || this.parts.length === 1) return first.subarray(0, BOUNDARY_PREFIX_BYTES);
    return Buffer.concat(this.parts).subarray(0, BOUNDARY_PREFIX_BYTES);
  }

  private completeNal(out: SplitAccessUnit<T>[]): void {
    // trailing_zero_8bits and the zero of a 4-byte start code belong to no NAL unit.
    const parts = this.parts;
    for (;;) {
      const last = parts[parts.length - 1];
      if (!last) break;
      let e = last.length;
      while (e > 0 && last[e - 1] === 0) e--;
      if (e > 0) {
        if (e < last.length) parts[parts.length - 1] = last.subarray(0, e);
        break;
      }
      parts.pop();
    }
    const nal = parts.length === 0 ? new Uint8Array(0) : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.parts = [];
    this.openSize = 0;
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
