/**
 * RTMP chunk stream (Adobe RTMP spec §5.3): a reader that reassembles messages from chunks of any fmt (0–3),
 * 1–3 byte basic headers and extended timestamps, honouring Set Chunk Size; and a writer of whole messages as
 * fmt 0 + fmt 3 chunks. Pure: bytes in, messages out.
 */

export interface RtmpMessage {
  typeId: number;
  streamId: number;
  timestamp: number;
  payload: Uint8Array;
}

interface ChunkState {
  timestamp: number;
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  extended: boolean;
  parts: Uint8Array[];
  received: number;
}

const SET_CHUNK_SIZE = 1;
const MAX_MESSAGE = 16 * 1024 * 1024;

export class RtmpChunkReader {
  private buf = new Uint8Array(0);
  private chunkSize = 128;
  private readonly streams = new Map<number, ChunkState>();

  push(chunk: Uint8Array): RtmpMessage[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const out: RtmpMessage[] = [];
    let p = 0;
    for (;;) {
      const used = this.readChunk(joined, p, out);
      if (used === 0) break;
      p += used;
    }
    this.buf = joined.slice(p);
    return out;
  }

  /** Bytes of one complete chunk at `p` (0 when incomplete). */
  private readChunk(b: Uint8Array, p: number, out: RtmpMessage[]): number {
    const start = p;
    if (b.length - p < 1) return 0;
    const fmt = b[p]! >> 6;
    let csid = b[p]! & 0x3f;
    p++;
    if (csid === 0) {
      if (b.length - p < 1) return 0;
      csid = 64 + b[p++]!;
    } else if (csid === 1) {
      if (b.length - p < 2) return 0;
      csid = 64 + b[p]! + b[p + 1]! * 256;
      p += 2;
    }
    const headerLen = [11, 7, 3, 0][fmt]!;
    if (b.length - p < headerLen) return 0;
    const prev = this.streams.get(csid);
    if (fmt !== 0 && !prev) throw new Error(`RTMP chunk fmt ${fmt} on chunk stream ${csid} without a previous header`);
    const s: ChunkState = prev ?? { timestamp: 0, delta: 0, length: 0, typeId: 0, streamId: 0, extended: false, parts: [], received: 0 };
    let ts = 0;
    if (fmt <= 2) ts = (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
    const extended = fmt <= 2 ? ts === 0xffffff : s.extended;
    let length = s.length;
    let typeId = s.typeId;
    let streamId = s.streamId;
    if (fmt <= 1) {
      length = (b[p + 3]! << 16) | (b[p + 4]! << 8) | b[p + 5]!;
      typeId = b[p + 6]!;
    }
    if (fmt === 0) streamId = b[p + 7]! | (b[p + 8]! << 8) | (b[p + 9]! << 16) | (b[p + 10]! << 24);
    p += headerLen;
    if (extended) {
      if (b.length - p < 4) return 0;
      ts = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
      p += 4;
    }
    if (length > MAX_MESSAGE) throw new Error(`RTMP message of ${length} bytes`);
    const newMessage = s.received === 0;
    const take = Math.min(this.chunkSize, length - (newMessage ? 0 : s.received));
    if (b.length - p < take) return 0;
    // Commit the header only now that the whole chunk is here.
    if (newMessage) {
      if (fmt === 0) s.timestamp = ts;
      else if (fmt <= 2) {
        s.delta = ts;
        s.timestamp += ts;
      } else s.timestamp += s.delta;
      s.length = length;
      s.typeId = typeId;
      s.streamId = streamId;
      s.extended = extended;
    }
    this.streams.set(csid, s);
    s.parts.push(b.slice(p, p + take));
    s.received += take;
    p += take;
    if (s.received >= s.length) {
      const payload = new Uint8Array(s.length);
      let o = 0;
      for (const part of s.parts) {
        payload.set(part, o);
        o += part.length;
      }
      s.parts = [];
      s.received = 0;
      if (s.typeId === SET_CHUNK_SIZE && payload.length >= 4) this.chunkSize = ((payload[0]! & 0x7f) << 24) | (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!;
      out.push({ typeId: s.typeId, streamId: s.streamId, timestamp: s.timestamp, payload });
    }
    return p - start;
  }
}

/** One message as a fmt 0 chunk and fmt 3 continuations (chunk size 128, timestamp 0), csid < 64. */
export function encodeChunks(csid: number, m: Omit<RtmpMessage, 'timestamp'>, chunkSize = 128): Uint8Array {
  const n = m.payload.length;
  const pieces = Math.max(1, Math.ceil(n / chunkSize));
  const out = new Uint8Array(12 + n + (pieces - 1));
  out[0] = csid & 0x3f;
  out[4] = (n >> 16) & 0xff;
  out[5] = (n >> 8) & 0xff;
  out[6] = n & 0xff;
  out[7] = m.typeId;
  out[8] = m.streamId & 0xff;
  out[9] = (m.streamId >> 8) & 0xff;
  out[10] = (m.streamId >> 16) & 0xff;
  out[11] = (m.streamId >>> 24) & 0xff;
  let o = 12;
  for (let i = 0; i < n; i += chunkSize) {
    if (i > 0) out[o++] = 0xc0 | (csid & 0x3f);
    const piece = m.payload.subarray(i, Math.min(n, i + chunkSize));
    out.set(piece, o);
    o += piece.length;
  }
  return out;
}
