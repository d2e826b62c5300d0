/**
 * Push framer for a DHAV byte stream: `push(chunk)` returns the complete frames and keeps the remainder, so chunks
 * may be split anywhere. Resynchronises on corrupt data by searching for the next "DHAV" whose length and
 * trailer check out; skipped bytes are counted in `skippedBytes`.
 */
import { FormatError } from '@nvr-pusher/core/media';
import { DHAV_HEADER_SIZE, DHAV_MAGIC, DHAV_TRAILER_MAGIC, decodeDhavFrame, readDhavFrameLength, type DhavFrame } from './dhav-frame.js';

/** A 1024-byte "DAHUA…" file header some .dav files start with (FFmpeg skips 0x400 bytes). */
const FILE_HEADER_SIZE = 1024;

const u32le = (b: Uint8Array, p: number): number => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + ((b[p + 3]! << 24) >>> 0);

type State = 'SEEK_MAGIC' | 'NEED_FRAME';

export class DhavFramer {
  private buf: Uint8Array = new Uint8Array(0);
  /** Chunks received since the last parse, and how many bytes the parser needs before it can progress. */
  private pending: Uint8Array[] = [];
  private pendingLen = 0;
  private need = 1;
  private state: State = 'SEEK_MAGIC';
  private started = false;
  /** Bytes dropped while resynchronising. */
  skippedBytes = 0;

  push(chunk: Uint8Array): DhavFrame[] {
    this.pending.push(chunk.slice());
    this.pendingLen += chunk.length;
    if (this.buf.length + this.pendingLen < this.need) return [];
    this.buf = concat([this.buf, ...this.pending]);
    this.pending = [];
    this.pendingLen = 0;
    this.need = 1;
    const frames: DhavFrame[] = [];
    let pos = 0;
    for (;;) {
      if (this.state === 'SEEK_MAGIC') {
        if (!this.started && this.buf.length - pos < 5) {
          this.need = pos + 5;
          break;
        }
        if (!this.started && isFileHeader(this.buf, pos)) {
          if (this.buf.length - pos < FILE_HEADER_SIZE) {
            this.need = pos + FILE_HEADER_SIZE;
            break;
          }
          pos += FILE_HEADER_SIZE;
        }
        const at = findMagic(this.buf, pos);
        if (at < 0) {
          // Keep up to 3 bytes: they may be the start of a "DHAV" split across chunks.
          const keep = Math.min(3, this.buf.length - pos);
          this.skippedBytes += this.buf.length - pos - keep;
          pos = this.buf.length - keep;
          this.need = pos + 4;
          break;
        }
        this.skippedBytes += at - pos;
        pos = at;
        this.state = 'NEED_FRAME';
      }
      if (this.buf.length - pos < DHAV_HEADER_SIZE) {
        this.need = pos + DHAV_HEADER_SIZE;
        break;
      }
      let length: number;
      try {
        length = readDhavFrameLength(this.buf.subarray(pos, pos + DHAV_HEADER_SIZE));
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        pos = this.resync(pos);
        continue;
      }
      if (this.buf.length - pos < length) {
        this.need = pos + length;
        break;
      }
      const bytes = this.buf.subarray(pos, pos + length);
      if (u32le(bytes, length - 8) !== DHAV_TRAILER_MAGIC || u32le(bytes, length - 4) !== length) {
        pos = this.resync(pos);
        continue;
      }
      frames.push(decodeDhavFrame(bytes.slice()));
      this.started = true;
      pos += length;
      this.state = 'SEEK_MAGIC';
    }
    this.buf = pos === 0 ? this.buf : this.buf.slice(pos);
    this.need -= pos;
    return frames;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.buf.length + this.pendingLen;
  }

  private resync(pos: number): number {
    this.skippedBytes += 1;
    this.state = 'SEEK_MAGIC';
    return pos + 1;
  }
}

function isFileHeader(b: Uint8Array, p: number): boolean {
  return b[p] === 0x44 && b[p + 1] === 0x41 && b[p + 2] === 0x48 && b[p + 3] === 0x55 && b[p + 4] === 0x41; // "DAHUA"
}

function findMagic(b: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= b.length; i++) {
    if (b[i] === 0x44 && b[i + 1] === 0x48 && b[i + 2] === 0x41 && b[i + 3] === 0x56 && u32le(b, i) === DHAV_MAGIC) return i;
  }
  return -1;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
