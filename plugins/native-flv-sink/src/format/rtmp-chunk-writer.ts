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

/**
 * Splits messages into chunks. Every message starts with a type-0 chunk (full header, absolute timestamp) and
 * continues with type-3 chunks: 4 extra bytes per message versus delta headers, in exchange for a writer with no
 * per-stream state that can never desynchronise from the server after a dropped frame.
 */
export class RtmpChunkWriter {
  chunkSize = DEFAULT_CHUNK_SIZE;

  /** Encodes one message as chunks. The timestamp is taken modulo 2^32 (§5.3.1.2.1, wraps after ~49.7 days). */
  encode(m: RtmpMessage): Uint8Array {
    const len = m.payload.length;
    if (len > MAX_MESSAGE_SIZE) throw new FormatError('RTMP chunk', `message of ${len} bytes exceeds ${MAX_MESSAGE_SIZE}`);
    const ts = m.timestamp >>> 0;
    const ext = ts >= EXTENDED;
    const chunks = Math.max(1, Math.ceil(len / this.chunkSize));
    const bh = basicHeaderSize(m.csid);
    // Type-3 continuation chunks repeat the extended timestamp (what librtmp, ffmpeg, nginx-rtmp and SRS expect).
    const size = bh + 11 + (ext ? 4 : 0) + len + (chunks - 1) * (bh + (ext ? 4 : 0));
    const out = new Uint8Array(size);
    const v = new DataView(out.buffer);
    let p = writeBasicHeader(out, 0, 0, m.csid);
    const t24 = ext ? EXTENDED : ts;
    // Type 0 message header (§5.3.1.2.1): timestamp(3) length(3) type id(1) stream id(4, little-endian)
    out[p] = t24 >> 16;
    out[p + 1] = (t24 >> 8) & 0xff;
    out[p + 2] = t24 & 0xff;
    out[p + 3] = len >> 16;
    out[p + 4] = (len >> 8) & 0xff;
    out[p + 5] = len & 0xff;
    out[p + 6] = m.typeId;
    v.setUint32(p + 7, m.streamId >>> 0, true);
    p += 11;
    for (let off = 0; ; ) {
      if (ext) {
        v.setUint32(p, ts);
        p += 4;
      }
      const n = Math.min(this.chunkSize, len - off);
      out.set(m.payload.subarray(off, off + n), p);
      p += n;
      off += n;
      if (off >= len) break;
      p = writeBasicHeader(out, p, 3, m.csid);
    }
    return out;
  }
}
