/** RTMP chunking (sender side): Adobe RTMP spec 1.0 §5.3.1 (chunk format) and §5.3.1.3 (extended timestamp). */
import { FormatError } from '@nvr-pusher/core/media';
import type { RtmpMessage } from './rtmp-message.js';

/** §5.3.1: the chunk size both sides start with. */
export const DEFAULT_CHUNK_SIZE = 128;
/** §5.3.1.2.1: the 24-bit message length field. */
export const MAX_MESSAGE_SIZE = 0xffffff;
const EXTENDED = 0xffffff;

/** Basic header size for a chunk stream id (§5.3.1.1: 1 byte for 2..63, 2 for 64..319, 3 for 320..65599). */
function basicHeaderSize(csid: number): number {
  if (csid >= 2 && csid <= 63) return 1;
  if (csid >= 64 && csid <= 319) return 2;
  if (csid >= 320 && csid <= 65599) return 3;
  throw new FormatError('RTMP chunk', `chunk stream id ${csid} outside 2..65599`);
}

function writeBasicHeader(out: Uint8Array, p: number, fmt: number, csid: number): number {
  const n = basicHeaderSize(csid);
  if (n === 1) {
    out[p] = (fmt << 6) | csid;
  } else if (n === 2) {
    out[p] = fmt << 6;
    out[p + 1] = csid - 64;
  } else {
    out[p] = (fmt << 6) | 1;
    out[p + 1] = (csid - 64) & 0xff;
    out[p + 2] = (csid - 64) >> 8;
  }
  return p + n;
}

/** A message payload: one buffer, or parts sent in order (views: header buffers and the frame's NAL units). */
export type Payload = Uint8Array | readonly Uint8Array[];

/** A message whose payload may be a list of parts. */
export interface ChunkableMessage extends Omit<RtmpMessage, 'payload'> {
  payload: Payload;
}

const partsOf = (p: Payload): readonly Uint8Array[] => (p instanceof Uint8Array ? [p] : p);

/**
 * Splits messages into chunks. Every message starts with a type-0 chunk (full header, absolute timestamp) and
 * continues with type-3 chunks: 4 extra bytes per message versus delta headers, in exchange for a writer with no
 * per-stream state that can never desynchronise from the server after a dropped frame.
 *
 * `chunks` copies no payload byte: it emits `[header, payload view, header, payload view…]` for a gathered write
 * (`writev`); all of a message's chunk headers live in one small buffer.
 */
export class RtmpChunkWriter {
  chunkSize = DEFAULT_CHUNK_SIZE;

  /**
   * Appends one message's chunks to `out` as header buffers and payload views. Returns the bytes appended. The
   * timestamp is taken modulo 2^32 (§5.3.1.2.1, wraps after ~49.7 days).
   */
  chunks(m: ChunkableMessage, out: Uint8Array[]): number {
    const parts = partsOf(m.payload);
    let len = 0;
    for (const p of parts) len += p.length;
    if (len > MAX_MESSAGE_SIZE) throw new FormatError('RTMP chunk', `message of ${len} bytes exceeds ${MAX_MESSAGE_SIZE}`);
    const ts = m.timestamp >>> 0;
    const ext = ts >= EXTENDED;
    const chunks = Math.max(1, Math.ceil(len / this.chunkSize));
    const bh = basicHeaderSize(m.csid);
    // Type-3 continuation chunks repeat the extended timestamp (what librtmp, ffmpeg, nginx-rtmp and SRS expect).
    const first = bh + 11 + (ext ? 4 : 0);
    const next = bh + (ext ? 4 : 0);
    const headers = Buffer.allocUnsafe(first + (chunks - 1) * next);
    let p = writeBasicHeader(headers, 0, 0, m.csid);
    const t24 = ext ? EXTENDED : ts;
    // Type 0 message header (§5.3.1.2.1): timestamp(3) length(3) type id(1) stream id(4, little-endian)
    headers.writeUIntBE(t24, p, 3);
    headers.writeUIntBE(len, p + 3, 3);
    headers[p + 6] = m.typeId;
    headers.writeUInt32LE(m.streamId >>> 0, p + 7);
    p += 11;
    if (ext) p = headers.writeUInt32BE(ts, p);
    out.push(headers.subarray(0, first));
    let room = this.chunkSize; // payload bytes left in the current chunk
    for (const part of parts) {
      let off = 0;
      while (off < part.length) {
        if (room === 0) {
          const h = p;
          p = writeBasicHeader(headers, p, 3, m.csid);
          if (ext) p = headers.writeUInt32BE(ts, p);
          out.push(headers.subarray(h, p));
          room = this.chunkSize;
        }
        const n = Math.min(room, part.length - off);
        out.push(off === 0 && n === part.length ? part : part.subarray(off, off + n));
        off += n;
        room -= n;
      }
    }
    return p + len;
  }

  /** Encodes one message as chunks in one buffer (tests, handshake-time control messages). */
  encode(m: ChunkableMessage): Uint8Array {
    const out: Uint8Array[] = [];
    const size = this.chunks(m, out);
    return Buffer.concat(out, size);
  }
}
