/**
 * A minimal MPEG-2 Program Stream writer (ISO/IEC 13818-1 §2.5.3): pack headers, a program stream map, PES
 * packets. Laid out like Hikvision/GB28181 PS (PSM with stream_type 0x1B/0x24/0x90/0x91/0x0F, video on 0xE0,
 * audio on 0xC0), which is what ffmpeg's `mpeg` demuxer reads with the IMKH block in front.
 * Pure: bytes in, bytes out.
 */
import { FormatError } from '@nvr-pusher/core/media';

export const VIDEO_STREAM_ID = 0xe0;
export const AUDIO_STREAM_ID = 0xc0;

// ISO/IEC 13818-1 Table 2-34 stream_type, plus the GB28181/Hikvision private G.711 values.
export const STREAM_TYPE = { h264: 0x1b, h265: 0x24, aac: 0x0f, pcma: 0x90, pcmu: 0x91 } as const;
export type PsCodec = keyof typeof STREAM_TYPE;

/** PES_packet_length is 16 bits: a frame larger than one PES continues in more PES packets (without PTS). */
export const MAX_PES_PACKET_LENGTH = 0xffff;
/** A frame larger than this is refused (a 4K I-frame is well under 4 MiB). */
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** program_mux_rate in units of 50 bytes/s (Table 2-33); informative only for a live pipe. */
const PROGRAM_MUX_RATE = 0x3fff;
const TWO_POW_30 = 2 ** 30;
const PTS_MODULO = 2 ** 33;

/** An elementary stream listed in the program stream map. */
export interface PsStream {
  readonly streamId: number;
  readonly codec: PsCodec;
}

/** pack_header (Table 2-33), 14 bytes, SCR = `scr90k`, no stuffing. */
export function packHeader(scr90k: number): Uint8Array {
  const b = ((Math.floor(scr90k) % PTS_MODULO) + PTS_MODULO) % PTS_MODULO;
  const hi = Math.floor(b / TWO_POW_30);
  const lo = b % TWO_POW_30;
  // prettier-ignore
  return Uint8Array.of(
    0x00, 0x00, 0x01, 0xba,                              // pack_start_code
    0x44 | (hi << 3) | ((lo >>> 28) & 0x03),             // '01' SCR[32..30] marker SCR[29..28]
    (lo >>> 20) & 0xff,                                  // SCR[27..20]
    ((lo >>> 12) & 0xf8) | 0x04 | ((lo >>> 13) & 0x03),  // SCR[19..15] marker SCR[14..13]
    (lo >>> 5) & 0xff,                                   // SCR[12..5]
    ((lo << 3) & 0xf8) | 0x04,                           // SCR[4..0] marker SCR_extension[8..7]=0
    0x01,                                                // SCR_extension[6..0]=0 marker
    (PROGRAM_MUX_RATE >>> 14) & 0xff, (PROGRAM_MUX_RATE >>> 6) & 0xff, ((PROGRAM_MUX_RATE & 0x3f) << 2) | 0x03,
    0xf8,                                                // reserved, pack_stuffing_length=0
  );
}

/** program_stream_map (Table 2-41) without descriptors. */
export function programStreamMap(streams: readonly PsStream[], version: number): Uint8Array {
  const esMapLength = 4 * streams.length;
  const length = 6 + esMapLength + 4; // bytes after program_stream_map_length
  const out = new Uint8Array(6 + length);
  const v = new DataView(out.buffer);
  out.set([0x00, 0x00, 0x01, 0xbc], 0); // packet_start_code_prefix + map_stream_id
  v.setUint16(4, length);
  out[6] = 0x80 | 0x60 | (version & 0x1f); // current_next_indicator=1, reserved, program_stream_map_version
  out[7] = 0xff; // reserved, marker_bit
  v.setUint16(8, 0); // program_stream_info_length
  v.setUint16(10, esMapLength); // elementary_stream_map_length
  streams.forEach((s, i) => {
    out[12 + 4 * i] = STREAM_TYPE[s.codec];
    out[13 + 4 * i] = s.streamId;
    v.setUint16(14 + 4 * i, 0); // elementary_stream_info_length
  });
  v.setUint32(out.length - 4, crc32Mpeg(out.subarray(0, out.length - 4)));
  return out;
}

function timestamp(out: Uint8Array, at: number, prefix: number, t90k: number): void {
  const t = ((Math.floor(t90k) % PTS_MODULO) + PTS_MODULO) % PTS_MODULO;
  const hi = Math.floor(t / TWO_POW_30);
  const lo = t % TWO_POW_30;
  out[at] = (prefix << 4) | (hi << 1) | 1; // '0010'/'0011' PTS[32..30] marker
  out[at + 1] = (lo >>> 22) & 0xff; // [29..22]
  out[at + 2] = ((lo >>> 14) & 0xfe) | 1; // [21..15] marker
  out[at + 3] = (lo >>> 7) & 0xff; // [14..7]
  out[at + 4] = ((lo << 1) & 0xfe) | 1; // [6..0] marker
}

/**
 * PES packets (Table 2-21) carrying one access unit: the first holds PTS (and DTS when it differs), the payload
 * continues in more packets when it does not fit one.
 */
export function pesPackets(streamId: number, payload: Uint8Array, pts90k: number, dts90k: number): Uint8Array[] {
  if (payload.length > MAX_FRAME_SIZE) {
    throw new FormatError('PES packet', `payload of ${payload.length} bytes exceeds MAX_FRAME_SIZE ${MAX_FRAME_SIZE}`);
  }
  const out: Uint8Array[] = [];
  let pos = 0;
  let first = true;
  do {
    const withDts = first && dts90k !== pts90k;
    const headerDataLength = first ? (withDts ? 10 : 5) : 0;
    const room = MAX_PES_PACKET_LENGTH - 3 - headerDataLength;
    const n = Math.min(room, payload.length - pos);
    const pes = new Uint8Array(9 + headerDataLength + n);
    pes.set([0x00, 0x00, 0x01, streamId], 0);
    new DataView(pes.buffer).setUint16(4, 3 + headerDataLength + n); // PES_packet_length
    pes[6] = 0x80 | (first ? 0x04 : 0); // '10', data_alignment_indicator on the first packet
    pes[7] = first ? (withDts ? 0xc0 : 0x80) : 0; // PTS_DTS_flags
    pes[8] = headerDataLength;
    if (first) timestamp(pes, 9, withDts ? 0x3 : 0x2, pts90k);
    if (withDts) timestamp(pes, 14, 0x1, dts90k);
    pes.set(payload.subarray(pos, pos + n), 9 + headerDataLength);
    out.push(pes);
    pos += n;
    first = false;
  } while (pos < payload.length);
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32/MPEG-2 (poly 0x04C11DB7, init 0xFFFFFFFF, no reflection), Annex A of ISO/IEC 13818-1. */
export function crc32Mpeg(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i << 24;
      for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc >>> 0;
}
