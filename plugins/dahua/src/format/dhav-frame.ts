/** One DHAV frame (Dahua private stream): header, extension bytes, payload, trailer. Layout: docs/vendor/dahua-sdk.md §7. */
import { ByteReader, FormatError, TruncatedError } from '@nvr-pusher/core/media';

/** `DHAV` at offset 0 of every frame. */
export const DHAV_MAGIC = 0x56414844; // "DHAV" read little-endian
/** `dhav` 8 bytes before the end of every frame. */
export const DHAV_TRAILER_MAGIC = 0x76616864; // "dhav" read little-endian
export const DHAV_HEADER_SIZE = 24;
export const DHAV_TRAILER_SIZE = 8;
/**
 * Largest frame accepted. A 4K H.265 key frame at high bit rate stays well under 4 MiB; anything bigger is a
 * corrupt length field, and believing it would make the framer buffer forever.
 */
export const DHAV_MAX_FRAME_SIZE = 8 * 1024 * 1024;

/** Frame types (byte 4). */
export const DhavType = { VIDEO_KEY: 0xfd, VIDEO: 0xfc, AUDIO: 0xf0, AUX: 0xf1 } as const;

export interface DhavFrame {
  /** Byte 4: 0xFD key video, 0xFC non-key video, 0xF0 audio, 0xF1 auxiliary. */
  readonly type: number;
  readonly subtype: number;
  readonly channel: number;
  readonly subNumber: number;
  readonly frameNumber: number;
  /** Packed local date/time (see {@link packDhavDate}). */
  readonly date: number;
  /** 16-bit millisecond counter; wraps at 65536. */
  readonly timestamp: number;
  /** Byte 23; FFmpeg ignores it, the encoder writes the byte sum of bytes 0–22. */
  readonly checksum: number;
  /** Raw extension fields (tag + data), decoded by `dhav-extensions.ts`. */
  readonly extensions: Uint8Array;
  readonly payload: Uint8Array;
}

export interface DhavDateParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** sec bits 0–5, min 6–11, hour 12–16, day 17–21, month 22–25, year−2000 26–31. */
export function packDhavDate(p: DhavDateParts): number {
  return (
    ((((p.year - 2000) & 0x3f) << 26) | ((p.month & 0xf) << 22) | ((p.day & 0x1f) << 17) |
      ((p.hour & 0x1f) << 12) | ((p.minute & 0x3f) << 6) | (p.second & 0x3f)) >>> 0
  );
}

export function unpackDhavDate(v: number): DhavDateParts {
  return {
    year: 2000 + (v >>> 26), month: (v >>> 22) & 0xf, day: (v >>> 17) & 0x1f,
    hour: (v >>> 12) & 0x1f, minute: (v >>> 6) & 0x3f, second: v & 0x3f,
  };
}

const STRUCTURE = 'DHAV frame';

/** Byte sum of header bytes 0–22, modulo 256 (what the encoder writes at byte 23). */
export function dhavHeaderChecksum(header: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < 23; i++) s += header[i]!;
  return s & 0xff;
}

/** Total length of the frame starting at `buf[0]`, read from its header (throws if the header is invalid). */
export function readDhavFrameLength(buf: Uint8Array): number {
  const r = new ByteReader(buf, STRUCTURE);
  if (r.u32le() !== DHAV_MAGIC) throw new FormatError(STRUCTURE, 'missing "DHAV" start', 0);
  r.skip(8);
  const length = r.u32le();
  r.skip(6);
  const extLen = r.u8();
  const min = DHAV_HEADER_SIZE + extLen + DHAV_TRAILER_SIZE;
  if (length < min) throw new FormatError(STRUCTURE, `length ${length} below minimum ${min}`, 12);
  if (length > DHAV_MAX_FRAME_SIZE) throw new FormatError(STRUCTURE, `length ${length} exceeds limit ${DHAV_MAX_FRAME_SIZE}`, 12);
  return length;
}

/** Decodes exactly one frame occupying all of `buf`. Payload and extensions are views into `buf`. */
export function decodeDhavFrame(buf: Uint8Array): DhavFrame {
  if (buf.length < DHAV_HEADER_SIZE) throw new TruncatedError(STRUCTURE, DHAV_HEADER_SIZE, buf.length, 0);
  const length = readDhavFrameLength(buf);
  if (buf.length < length) throw new TruncatedError(STRUCTURE, length, buf.length, 0);
  if (buf.length > length) throw new FormatError(STRUCTURE, `${buf.length - length} bytes after the frame`, length);
  const r = new ByteReader(buf, STRUCTURE);
  r.skip(4);
  const type = r.u8();
  const subtype = r.u8();
  const channel = r.u8();
  const subNumber = r.u8();
  const frameNumber = r.u32le();
  r.skip(4);
  const date = r.u32le();
  const timestamp = r.u16le();
  const extLen = r.u8();
  const checksum = r.u8();
  const extensions = r.bytes(extLen);
  const payload = r.bytes(length - DHAV_HEADER_SIZE - extLen - DHAV_TRAILER_SIZE);
  if (r.u32le() !== DHAV_TRAILER_MAGIC) throw new FormatError(STRUCTURE, 'missing "dhav" trailer', length - 8);
  const tail = r.u32le();
  if (tail !== length) throw new FormatError(STRUCTURE, `trailer length ${tail} differs from header length ${length}`, length - 4);
  return { type, subtype, channel, subNumber, frameNumber, date, timestamp, checksum, extensions, payload };
}

/** Encodes a frame; `checksum` is ignored and recomputed. */
export function encodeDhavFrame(f: Omit<DhavFrame, 'checksum'> & { checksum?: number }): Uint8Array {
  if (f.extensions.length > 255) throw new FormatError(STRUCTURE, `extensions ${f.extensions.length} bytes exceed 255`);
  const length = DHAV_HEADER_SIZE + f.extensions.length + f.payload.length + DHAV_TRAILER_SIZE;
  const out = new Uint8Array(length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, DHAV_MAGIC, true);
  out[4] = f.type;
  out[5] = f.subtype;
  out[6] = f.channel;
  out[7] = f.subNumber;
  dv.setUint32(8, f.frameNumber >>> 0, true);
  dv.setUint32(12, length, true);
  dv.setUint32(16, f.date >>> 0, true);
  dv.setUint16(20, f.timestamp & 0xffff, true);
  out[22] = f.extensions.length;
  out[23] = dhavHeaderChecksum(out);
  out.set(f.extensions, DHAV_HEADER_SIZE);
  out.set(f.payload, DHAV_HEADER_SIZE + f.extensions.length);
  dv.setUint32(length - 8, DHAV_TRAILER_MAGIC, true);
  dv.setUint32(length - 4, length, true);
  return out;
}
