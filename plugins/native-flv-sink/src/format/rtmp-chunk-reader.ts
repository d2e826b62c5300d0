/** RTMP de-chunking (receiver side): Adobe RTMP spec 1.0 §5.3 — a push reader for chunks split anywhere. */
import { ByteReader, FormatError, TruncatedError } from '@nvr-pusher/core/media';
import { DEFAULT_CHUNK_SIZE } from './rtmp-chunk-writer.js';
import { MAX_CHUNK_SIZE, MessageType, type RtmpMessage } from './rtmp-message.js';

/**
 * Largest message accepted by default. A publisher only receives protocol control and command messages from the
 * server (a few hundred bytes); the limit keeps a hostile peer from making us buffer 16 MiB per chunk stream.
 */
export const DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 1 << 20;
/** Most chunk streams with a partly received message at once (servers use 2..8). */
export const MAX_OPEN_CHUNK_STREAMS = 64;

const STRUCTURE = 'RTMP chunk';
const EXTENDED = 0xffffff;

interface ChunkStreamState {
  timestamp: number;
  /** Last timestamp delta (types 1/2), reused by a type-3 chunk that starts a new message (§5.3.1.2.4). */
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  /** The last header of this chunk stream carried an extended timestamp. */
  extended: boolean;
  /** Payload received so far for the message in progress. */
  parts: Uint8Array[];
  received: number;
}

/**
 * Push reader: `push(bytes)` returns the messages completed by them and keeps the rest. It applies Set Chunk
 * Size (type 1) and Abort (type 2) itself, because they change how the very next chunk is read, and returns them too.
 */
export class RtmpChunkReader {
  chunkSize = DEFAULT_CHUNK_SIZE;
  private pending: Uint8Array = new Uint8Array(0);
  private readonly streams = new Map<number, ChunkStreamState>();

  constructor(private readonly maxMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE) {}

  push(chunk: Uint8Array): RtmpMessage[] {
    let buf: Uint8Array;
    if (this.pending.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending);
      buf.set(chunk, this.pending.length);
    }
    const out: RtmpMessage[] = [];
    let pos = 0;
    for (;;) {
      const used = this.readChunk(buf, pos, out);
      if (used === 0) break;
      pos += used;
    }
    this.pending = pos === buf.length ? new Uint8Array(0) : buf.slice(pos);
    return out;
  }

  /** Reads one whole chunk at `pos`; returns the bytes used, or 0 when the chunk is not complete yet. */
  private readChunk(buf: Uint8Array, pos: number, out: RtmpMessage[]): number {
    const r = new ByteReader(buf.subarray(pos), STRUCTURE);
    try {
      return this.parseChunk(r, out);
    } catch (e) {
      if (e instanceof TruncatedError) return 0;
      throw e;
    }
  }

  private parseChunk(r: ByteReader, out: RtmpMessage[]): number {
    // Basic header (§5.3.1.1)
    const b0 = r.u8();
    const fmt = b0 >> 6;
    let csid = b0 & 0x3f;
    if (csid === 0) csid = 64 + r.u8();
    else if (csid === 1) csid = 64 + r.u8() + r.u8() * 256;

    const prev = this.streams.get(csid);
    if (fmt !== 0 && !prev) throw new FormatError(STRUCTURE, `type-${fmt} chunk on chunk stream ${csid} without a previous type-0 chunk`);
    const s: ChunkStreamState = prev ? { ...prev } : { timestamp: 0, delta: 0, length: 0, typeId: 0, streamId: 0, extended: false, parts: [], received: 0 };
    const startsMessage = s.received === 0;
    if (!startsMessage && fmt !== 3) {
      throw new FormatError(STRUCTURE, `type-${fmt} chunk on chunk stream ${csid} while a message is ${s.received}/${s.length} bytes in`);
    }
    // Message header (§5.3.1.2)
    let t24 = 0;
    if (fmt <= 2) t24 = r.u24be();
    if (fmt <= 1) {
      s.length = r.u24be();
      s.typeId = r.u8();
    }
    if (fmt === 0) s.streamId = r.u32le();
    if (fmt <= 2) s.extended = t24 === EXTENDED;
    // Extended timestamp (§5.3.1.3); type-3 chunks repeat it when their stream's last header had one.
    const tsField = s.extended ? r.u32be() : t24;
    if (fmt === 0) s.timestamp = tsField;
    else if (fmt <= 2) {
      s.delta = tsField;
      s.timestamp = (s.timestamp + tsField) >>> 0;
    } else if (startsMessage) s.timestamp = (s.timestamp + s.delta) >>> 0;

    if (s.length > this.maxMessageSize) throw new FormatError(STRUCTURE, `message of ${s.length} bytes exceeds the limit of ${this.maxMessageSize}`);
    const n = Math.min(this.chunkSize, s.length - s.received);
    const data = r.bytes(n);
    // The whole chunk is here: commit the state.
    if (!prev && this.streams.size >= MAX_OPEN_CHUNK_STREAMS) throw new FormatError(STRUCTURE, `more than ${MAX_OPEN_CHUNK_STREAMS} chunk streams`);
    // A plain Uint8Array copy: the input may be a pooled Buffer the caller reuses.
    const copy = new Uint8Array(data);
    if (startsMessage) s.parts = [copy];
    else s.parts.push(copy);
    s.received += n;
    if (s.received >= s.length) {
      const payload = concat(s.parts, s.length);
      s.parts = [];
      s.received = 0;
      this.streams.set(csid, s);
      const m: RtmpMessage = { csid, timestamp: s.timestamp, typeId: s.typeId, streamId: s.streamId, payload };
      this.apply(m);
      out.push(m);
    } else {
      this.streams.set(csid, s);
    }
    return r.pos;
  }

  private apply(m: RtmpMessage): void {
    if (m.typeId === MessageType.setChunkSize) {
      const size = new ByteReader(m.payload, 'Set Chunk Size').u32be();
      if (size < 1 || size > MAX_CHUNK_SIZE) throw new FormatError('Set Chunk Size', `chunk size ${size} outside 1..${MAX_CHUNK_SIZE}`);
      this.chunkSize = size;
    } else if (m.typeId === MessageType.abort) {
      const csid = new ByteReader(m.payload, 'Abort Message').u32be();
      const s = this.streams.get(csid);
      if (s) this.streams.set(csid, { ...s, parts: [], received: 0 });
    }
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}
