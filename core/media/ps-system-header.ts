/** Program stream system header: ISO/IEC 13818-1 §2.5.3.5, Table 2-40 (system_header). */
import { ByteReader } from './byte-reader.js';
import { FormatError } from './format-error.js';

export interface SystemHeaderStream {
  streamId: number;
  /** P-STD_buffer_bound_scale: 0 = units of 128 bytes (audio), 1 = 1024 bytes (video). */
  bufferBoundScale: number;
  bufferSizeBound: number;
}

export interface SystemHeader {
  rateBound: number;
  audioBound: number;
  videoBound: number;
  streams: SystemHeaderStream[];
}

const STRUCTURE = 'system header';

/** Decodes a complete system header packet (00 00 01 BB, header_length, fields). */
export function decodeSystemHeader(buf: Uint8Array): SystemHeader {
  const r = new ByteReader(buf, STRUCTURE);
  if (r.u24be() !== 1 || r.u8() !== 0xbb) throw new FormatError(STRUCTURE, 'no system_header_start_code', 0);
  const headerLength = r.u16be();
  const body = new ByteReader(r.bytes(headerLength), STRUCTURE);
  const a = body.u24be(); // marker rate_bound(22) marker
  if ((a & 0x800001) !== 0x800001) throw new FormatError(STRUCTURE, 'marker bits not set', 6);
  const rateBound = (a >> 1) & 0x3fffff;
  const audioBound = body.u8() >> 2; // audio_bound(6) fixed_flag CSPS_flag
  const videoBound = body.u8() & 0x1f; // system_audio_lock system_video_lock marker video_bound(5)
  body.u8(); // packet_rate_restriction_flag reserved(7)
  const streams: SystemHeaderStream[] = [];
  while (body.remaining > 0) {
    const streamId = body.u8();
    if ((streamId & 0x80) === 0) throw new FormatError(STRUCTURE, `stream_id 0x${streamId.toString(16)} without its leading '1'`, body.pos + 5);
    const v = body.u16be(); // '11' P-STD_buffer_bound_scale P-STD_buffer_size_bound(13)
    streams.push({ streamId, bufferBoundScale: (v >> 13) & 1, bufferSizeBound: v & 0x1fff });
  }
  return { rateBound, audioBound, videoBound, streams };
}

/** Encodes a system header listing `streams`. */
export function encodeSystemHeader(h: SystemHeader): Uint8Array {
  const headerLength = 6 + 3 * h.streams.length;
  const out = new Uint8Array(6 + headerLength);
  const rate = h.rateBound & 0x3fffff;
  // prettier-ignore
  out.set([
    0x00, 0x00, 0x01, 0xbb, headerLength >> 8, headerLength & 0xff, // system_header_start_code, header_length
    0x80 | (rate >> 15), (rate >> 7) & 0xff, ((rate & 0x7f) << 1) | 1, // marker rate_bound(22) marker
    (h.audioBound << 2) & 0xfc,                                     // audio_bound(6) fixed_flag=0 CSPS_flag=0
    0xe0 | (h.videoBound & 0x1f),                                   // audio_lock=1 video_lock=1 marker video_bound(5)
    0x7f,                                                           // packet_rate_restriction_flag=0 reserved(7)
  ]);
  let p = 12;
  for (const s of h.streams) {
    out[p++] = s.streamId;
    out[p++] = 0xc0 | ((s.bufferBoundScale & 1) << 5) | ((s.bufferSizeBound >> 8) & 0x1f);
    out[p++] = s.bufferSizeBound & 0xff;
  }
  return out;
}
