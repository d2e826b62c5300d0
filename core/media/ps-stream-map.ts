/** Program stream map: ISO/IEC 13818-1 §2.5.4, Table 2-41 (program_stream_map); stream_type from Table 2-34. */
import { ByteReader } from './byte-reader.js';
import { crc32Mpeg } from './crc32-mpeg.js';
import { FormatError, TruncatedError } from './format-error.js';

/** stream_type values seen from NVRs (Table 2-34 plus the values Hikvision/GB28181 use for G.711). */
export const StreamType = {
  AAC_ADTS: 0x0f,
  H264: 0x1b,
  H265: 0x24,
  /** G.711 A-law: not in Table 2-34 (user private); Hikvision and GB/T 28181 use it. */
  G711A: 0x90,
  /** G.711 µ-law, the same convention. */
  G711U: 0x91,
} as const;

export interface ElementaryStreamInfo {
  streamType: number;
  elementaryStreamId: number;
  /** The descriptors, undecoded (vendors put private ones here). */
  descriptors: Uint8Array;
}

export interface ProgramStreamMap {
  currentNextIndicator: boolean;
  programStreamMapVersion: number;
  programStreamInfo: Uint8Array;
  streams: ElementaryStreamInfo[];
}

const STRUCTURE = 'program stream map';

/**
 * Decodes a complete PSM packet (00 00 01 BC, length, body). The CRC_32 is not checked: devices get it wrong
 * (seen as zero in Hikvision captures), and a bad map is caught by the length checks.
 */
export function decodeProgramStreamMap(buf: Uint8Array): ProgramStreamMap {
  const r = new ByteReader(buf, STRUCTURE);
  if (r.u24be() !== 1 || r.u8() !== 0xbc) throw new FormatError(STRUCTURE, 'no 00 00 01 BC start', 0);
  const length = r.u16be();
  if (length < 10) throw new FormatError(STRUCTURE, `program_stream_map_length ${length} < 10`, 4);
  if (buf.length < 6 + length) throw new TruncatedError(STRUCTURE, 6 + length, buf.length, 0);
  const body = new ByteReader(buf.subarray(6, 6 + length - 4), STRUCTURE); // without CRC_32
  const b0 = body.u8();
  body.u8(); // reserved(7) marker_bit(1)
  const infoLength = body.u16be();
  if (infoLength > body.remaining) throw new FormatError(STRUCTURE, `program_stream_info_length ${infoLength} > ${body.remaining} bytes left`, 8);
  const programStreamInfo = body.bytes(infoLength);
  const mapLength = body.u16be();
  if (mapLength > body.remaining) throw new FormatError(STRUCTURE, `elementary_stream_map_length ${mapLength} > ${body.remaining} bytes left`, body.pos + 6 - 2);
  const map = new ByteReader(body.bytes(mapLength), STRUCTURE);
  const streams: ElementaryStreamInfo[] = [];
  while (map.remaining > 0) {
    const streamType = map.u8();
    const elementaryStreamId = map.u8();
    const n = map.u16be();
    if (n > map.remaining) throw new FormatError(STRUCTURE, `elementary_stream_info_length ${n} > ${map.remaining} bytes left`);
    streams.push({ streamType, elementaryStreamId, descriptors: map.bytes(n) });
  }
  return { currentNextIndicator: (b0 & 0x80) !== 0, programStreamMapVersion: b0 & 0x1f, programStreamInfo, streams };
}

/** Encodes a PSM with a correct CRC_32. */
export function encodeProgramStreamMap(m: { version: number; streams: { streamType: number; elementaryStreamId: number; descriptors?: Uint8Array }[]; programStreamInfo?: Uint8Array }): Uint8Array {
  const info = m.programStreamInfo ?? new Uint8Array(0);
  const mapLength = m.streams.reduce((s, e) => s + 4 + (e.descriptors?.length ?? 0), 0);
  const length = 2 + 2 + info.length + 2 + mapLength + 4;
  const out = new Uint8Array(6 + length);
  let p = 0;
  const put = (...bytes: number[]): void => {
    for (const x of bytes) out[p++] = x & 0xff;
  };
  put(0x00, 0x00, 0x01, 0xbc, length >> 8, length); // packet_start_code_prefix, map_stream_id, program_stream_map_length
  put(0x80 | (m.version & 0x1f), 0x01); // current_next_indicator=1, reserved, version | reserved(7)=0, marker_bit
  put(info.length >> 8, info.length);
  out.set(info, p);
  p += info.length;
  put(mapLength >> 8, mapLength);
  for (const e of m.streams) {
    const d = e.descriptors ?? new Uint8Array(0);
    put(e.streamType, e.elementaryStreamId, d.length >> 8, d.length);
    out.set(d, p);
    p += d.length;
  }
  const crc = crc32Mpeg(out.subarray(0, p));
  put(crc >>> 24, crc >>> 16, crc >>> 8, crc);
  return out;
}
