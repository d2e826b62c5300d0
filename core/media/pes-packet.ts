/** PES packets: ISO/IEC 13818-1 §2.4.3.6, Table 2-21 (PES_packet), with the MPEG-1 form of ISO/IEC 11172-1 §2.4.3.3. */
import { FormatError, TruncatedError } from './format-error.js';
import { readTimestamp, timestampMarkersOk, writeTimestamp } from './mpeg-timestamp.js';

/** stream_id values (Table 2-22) used in program streams. */
export const StreamId = {
  PROGRAM_STREAM_MAP: 0xbc,
  PRIVATE_STREAM_1: 0xbd,
  PADDING: 0xbe,
  PRIVATE_STREAM_2: 0xbf,
  AUDIO_FIRST: 0xc0,
  AUDIO_LAST: 0xdf,
  VIDEO_FIRST: 0xe0,
  VIDEO_LAST: 0xef,
  PROGRAM_STREAM_DIRECTORY: 0xff,
} as const;

/** stream_ids whose PES packets carry no optional PES header: the bytes after PES_packet_length are data. */
const NO_HEADER_IDS = new Set([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff]);

export interface PesPacket {
  streamId: number;
  /** 90 kHz, 33 bits. */
  pts?: number;
  dts?: number;
  /** data_alignment_indicator (MPEG-2 header only). */
  dataAlignmentIndicator?: boolean;
  /** PES_packet_data_byte (a view into the input). */
  payload: Uint8Array;
}

const STRUCTURE = 'PES packet';

/** Decodes one complete PES packet (start code prefix included, exactly 6 + PES_packet_length bytes). */
export function decodePes(buf: Uint8Array): PesPacket {
  if (buf.length < 6) throw new TruncatedError(STRUCTURE, 6, buf.length, 0);
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 1) throw new FormatError(STRUCTURE, 'no packet_start_code_prefix', 0);
  const streamId = buf[3]!;
  if (streamId < 0xbc) throw new FormatError(STRUCTURE, `stream_id 0x${streamId.toString(16)} is not a PES stream`, 3);
  const length = (buf[4]! << 8) | buf[5]!;
  if (buf.length < 6 + length) throw new TruncatedError(STRUCTURE, 6 + length, buf.length, 0);
  const end = 6 + length;
  if (NO_HEADER_IDS.has(streamId)) return { streamId, payload: buf.subarray(6, end) };
  if (length === 0) throw new FormatError(STRUCTURE, 'PES_packet_length 0 (unbounded) is not allowed in a program stream', 4);
  return (buf[6]! & 0xc0) === 0x80 ? decodeMpeg2Header(buf, streamId, end) : decodeMpeg1Header(buf, streamId, end);
}

function decodeMpeg2Header(buf: Uint8Array, streamId: number, end: number): PesPacket {
  if (end < 9) throw new TruncatedError(STRUCTURE, 9, end, 6);
  const dataAlignmentIndicator = (buf[6]! & 0x04) !== 0;
  const ptsDtsFlags = buf[7]! >> 6;
  const headerDataLength = buf[8]!;
  const payloadStart = 9 + headerDataLength;
  if (payloadStart > end) throw new TruncatedError(STRUCTURE, payloadStart, end, 8);
  if (ptsDtsFlags === 1) throw new FormatError(STRUCTURE, 'PTS_DTS_flags 01 is forbidden', 7);
  const packet: PesPacket = { streamId, dataAlignmentIndicator, payload: buf.subarray(payloadStart, end) };
  const need = ptsDtsFlags === 3 ? 10 : ptsDtsFlags === 2 ? 5 : 0;
  if (need > headerDataLength) throw new FormatError(STRUCTURE, `PES_header_data_length ${headerDataLength} < ${need} for PTS/DTS`, 8);
  if (ptsDtsFlags >= 2) {
    if (!timestampMarkersOk(buf, 9)) throw new FormatError(STRUCTURE, 'PTS marker bits not set', 9);
    packet.pts = readTimestamp(buf, 9);
  }
  if (ptsDtsFlags === 3) {
    if (!timestampMarkersOk(buf, 14)) throw new FormatError(STRUCTURE, 'DTS marker bits not set', 14);
    packet.dts = readTimestamp(buf, 14);
  }
  return packet;
}

/** ISO/IEC 11172-1 §2.4.3.3: stuffing_byte*, optional STD_buffer fields, then PTS / PTS+DTS / '00001111'. */
function decodeMpeg1Header(buf: Uint8Array, streamId: number, end: number): PesPacket {
  let p = 6;
  let stuffing = 0;
  while (p < end && buf[p] === 0xff) {
    if (++stuffing > 16) throw new FormatError(STRUCTURE, 'more than 16 MPEG-1 stuffing bytes', p);
    p++;
  }
  if (p < end && (buf[p]! & 0xc0) === 0x40) p += 2; // '01' STD_buffer_scale STD_buffer_size
  if (p >= end) throw new TruncatedError(STRUCTURE, p + 1, end, p);
  const packet: PesPacket = { streamId, payload: buf.subarray(0, 0) };
  const tag = buf[p]! >> 4;
  if (tag === 0x2 || tag === 0x3) {
    const size = tag === 0x3 ? 10 : 5;
    if (p + size > end) throw new TruncatedError(STRUCTURE, p + size, end, p);
    if (!timestampMarkersOk(buf, p)) throw new FormatError(STRUCTURE, 'PTS marker bits not set', p);
    packet.pts = readTimestamp(buf, p);
    if (tag === 0x3) packet.dts = readTimestamp(buf, p + 5);
    p += size;
  } else if (buf[p] === 0x0f) {
    p += 1;
  } else {
    throw new FormatError(STRUCTURE, `bad MPEG-1 PES header byte 0x${buf[p]!.toString(16)}`, p);
  }
  packet.payload = buf.subarray(p, end);
  return packet;
}

/** Largest PES_packet_data payload one MPEG-2 PES packet with PTS and DTS can carry. */
export const MAX_PES_PAYLOAD = 0xffff - 3 - 10;

/** Encodes a PES packet with an MPEG-2 header ('10', data_alignment_indicator as given, PTS/DTS if given). */
export function encodePes(p: { streamId: number; pts?: number; dts?: number; dataAlignmentIndicator?: boolean; payload: Uint8Array }): Uint8Array {
  const hasDts = p.pts !== undefined && p.dts !== undefined && p.dts !== p.pts;
  const headerDataLength = p.pts === undefined ? 0 : hasDts ? 10 : 5;
  const length = 3 + headerDataLength + p.payload.length;
  if (length > 0xffff) throw new FormatError(STRUCTURE, `PES_packet_length ${length} exceeds 65535`);
  const out = new Uint8Array(6 + length);
  out.set([0x00, 0x00, 0x01, p.streamId, length >> 8, length & 0xff]);
  out[6] = 0x80 | (p.dataAlignmentIndicator ? 0x04 : 0); // '10', not scrambled, original
  out[7] = p.pts === undefined ? 0 : hasDts ? 0xc0 : 0x80; // PTS_DTS_flags
  out[8] = headerDataLength;
  if (p.pts !== undefined) writeTimestamp(out, 9, hasDts ? 0x3 : 0x2, p.pts);
  if (hasDts) writeTimestamp(out, 14, 0x1, p.dts!);
  out.set(p.payload, 9 + headerDataLength);
  return out;
}
