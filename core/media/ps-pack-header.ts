/** Program stream pack header: ISO/IEC 13818-1 §2.5.3.3, Table 2-38 (pack_header); MPEG-1: ISO/IEC 11172-1 §2.4.3.2. */
import { FormatError, TruncatedError } from './format-error.js';

export interface PackHeader {
  /** system_clock_reference_base, 90 kHz, 33 bits. */
  systemClockReferenceBase: number;
  /** system_clock_reference_extension (27 MHz remainder, 0..299); 0 for MPEG-1. */
  systemClockReferenceExtension: number;
  /** program_mux_rate in units of 50 bytes/s. */
  programMuxRate: number;
  mpeg1: boolean;
  /** Bytes the header occupies, stuffing included. */
  size: number;
}

const STRUCTURE = 'pack header';
export const MPEG2_PACK_HEADER_SIZE = 14;
export const MPEG1_PACK_HEADER_SIZE = 12;

/**
 * Size of the pack header starting at `buf[0]` (00 00 01 BA), or undefined if more bytes are needed to know it.
 */
export function packHeaderSize(buf: Uint8Array): number | undefined {
  if (buf.length < 5) return undefined;
  if ((buf[4]! & 0xf0) === 0x20) return MPEG1_PACK_HEADER_SIZE;
  if (buf.length < MPEG2_PACK_HEADER_SIZE) return undefined;
  return MPEG2_PACK_HEADER_SIZE + (buf[13]! & 0x07);
}

export function decodePackHeader(buf: Uint8Array): PackHeader {
  if (buf.length < 5) throw new TruncatedError(STRUCTURE, 5, buf.length, 0);
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 1 || buf[3] !== 0xba) throw new FormatError(STRUCTURE, 'no pack_start_code', 0);
  const b = buf;
  if ((b[4]! & 0xf0) === 0x20) {
    // MPEG-1: '0010' SCR[32..30] marker SCR[29..15] marker SCR[14..0] marker marker mux_rate(22) marker
    if (b.length < MPEG1_PACK_HEADER_SIZE) throw new TruncatedError(STRUCTURE, MPEG1_PACK_HEADER_SIZE, b.length, 0);
    if ((b[4]! & 1) !== 1 || (b[6]! & 1) !== 1 || (b[8]! & 1) !== 1 || (b[9]! & 0x80) === 0 || (b[11]! & 1) !== 1) {
      throw new FormatError(STRUCTURE, 'MPEG-1 marker bits not set', 4);
    }
    const scr = ((b[4]! >> 1) & 7) * 2 ** 30 + (((b[5]! << 7) | (b[6]! >> 1)) & 0x7fff) * 2 ** 15 + (((b[7]! << 7) | (b[8]! >> 1)) & 0x7fff);
    const programMuxRate = ((b[9]! & 0x7f) << 15) | (b[10]! << 7) | (b[11]! >> 1);
    return { systemClockReferenceBase: scr, systemClockReferenceExtension: 0, programMuxRate, mpeg1: true, size: MPEG1_PACK_HEADER_SIZE };
  }
  if ((b[4]! & 0xc0) !== 0x40) throw new FormatError(STRUCTURE, "neither '01' (MPEG-2) nor '0010' (MPEG-1) after the start code", 4);
  const size = packHeaderSize(b);
  if (size === undefined || b.length < size) throw new TruncatedError(STRUCTURE, size ?? MPEG2_PACK_HEADER_SIZE, b.length, 0);
  // '01' SCR[32..30] m SCR[29..28] | SCR[27..20] | SCR[19..15] m SCR[14..13] | SCR[12..5] | SCR[4..0] m ext[8..7] | ext[6..0] m
  if ((b[4]! & 0x04) === 0 || (b[6]! & 0x04) === 0 || (b[8]! & 0x04) === 0 || (b[9]! & 1) === 0 || (b[12]! & 0x03) !== 0x03) {
    throw new FormatError(STRUCTURE, 'marker bits not set', 4);
  }
  const scrHigh = (b[4]! >> 3) & 0x07;
  const scrMid = ((b[4]! & 0x03) << 13) | (b[5]! << 5) | (b[6]! >> 3);
  const scrLow = ((b[6]! & 0x03) << 13) | (b[7]! << 5) | (b[8]! >> 3);
  const systemClockReferenceExtension = ((b[8]! & 0x03) << 7) | (b[9]! >> 1);
  const programMuxRate = (b[10]! << 14) | (b[11]! << 6) | (b[12]! >> 2);
  return {
    systemClockReferenceBase: scrHigh * 2 ** 30 + scrMid * 2 ** 15 + scrLow,
    systemClockReferenceExtension, programMuxRate, mpeg1: false, size,
  };
}

/** Encodes an MPEG-2 pack header without stuffing (SCR extension 0). */
export function encodePackHeader(scr90k: number, programMuxRate: number): Uint8Array {
  const t = ((scr90k % 2 ** 33) + 2 ** 33) % 2 ** 33;
  const high = Math.floor(t / 2 ** 30) & 7;
  const mid = Math.floor(t / 2 ** 15) & 0x7fff;
  const low = t & 0x7fff;
  const ext = 0;
  const rate = programMuxRate & 0x3fffff;
  // prettier-ignore
  return Uint8Array.of(
    0x00, 0x00, 0x01, 0xba,                                  // pack_start_code
    0x44 | (high << 3) | (mid >> 13),                        // '01' SCR[32..30] marker SCR[29..28]
    (mid >> 5) & 0xff,                                       // SCR[27..20]
    ((mid & 0x1f) << 3) | 0x04 | (low >> 13),                // SCR[19..15] marker SCR[14..13]
    (low >> 5) & 0xff,                                       // SCR[12..5]
    ((low & 0x1f) << 3) | 0x04 | (ext >> 7),                 // SCR[4..0] marker SCR_ext[8..7]
    ((ext & 0x7f) << 1) | 0x01,                              // SCR_ext[6..0] marker
    rate >> 14, (rate >> 6) & 0xff, ((rate & 0x3f) << 2) | 0x03, // program_mux_rate(22) marker marker
    0xf8,                                                    // reserved(5) pack_stuffing_length(3) = 0
  );
}
