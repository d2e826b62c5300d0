/**
 * One raw_data_block for a mono AAC-LC stream (ISO/IEC 14496-3 §4.4.2.1): a single_channel_element with an
 * individual_channel_stream of one long window (ONLY_LONG_SEQUENCE, sine window), section data over ZERO_HCB (0)
 * and ESC_HCB (11), scalefactors, spectral data with codebook 11 and escapes, then ID_END and byte alignment.
 * No pulse, TNS or gain-control data; no prediction (not in AAC-LC).
 */
import type { AacBitWriter } from './bit-writer.js';
import { CB11_CODES_PACKED, CODE_BITS_SHIFT, CODE_MASK, SCALEFACTOR_CODES } from './huffman-tables.js';
import { MAX_SF_DELTA, type QuantisedBlock } from './quantizer.js';

const ID_SCE = 0;
const ID_END = 7;
const ZERO_HCB = 0;
const ESC_HCB = 11;
const ESC = 16;
/** sect_len escape for long windows (5-bit field). */
const SECT_ESC = 31;

export function writeRawBlock(w: AacBitWriter, block: QuantisedBlock, bands: readonly number[]): void {
  const { sf, q, maxSfb } = block;
  let globalGain = 100;
  for (let b = 0; b < maxSfb; b++) {
    if (sf[b]! >= 0) {
      globalGain = sf[b]!;
      break;
    }
  }
  w.write(ID_SCE, 3);
  w.write(0, 4); // element_instance_tag
  w.write(globalGain, 8);
  // ics_info: reserved, window_sequence ONLY_LONG, window_shape sine, max_sfb, predictor_data_present
  w.write(0, 1);
  w.write(0, 2);
  w.write(0, 1);
  w.write(maxSfb, 6);
  w.write(0, 1);
  writeSections(w, sf, maxSfb);
  let last = globalGain;
  for (let b = 0; b < maxSfb; b++) {
    if (sf[b]! < 0) continue;
    const delta = sf[b]! - last;
    if (delta < -MAX_SF_DELTA || delta > MAX_SF_DELTA) throw new RangeError(`scalefactor delta ${delta} out of range`);
    writeCode(w, SCALEFACTOR_CODES[delta + MAX_SF_DELTA]!);
    last = sf[b]!;
  }
  w.write(0, 1); // pulse_data_present
  w.write(0, 1); // tns_data_present
  w.write(0, 1); // gain_control_data_present
  for (let b = 0; b < maxSfb; b++) {
    if (sf[b]! < 0) continue;
    for (let k = bands[b]!; k < bands[b + 1]!; k += 2) writePair(w, q[k]!, q[k + 1]!);
  }
  w.write(ID_END, 3);
}

function writeSections(w: AacBitWriter, sf: Int16Array, maxSfb: number): void {
  let b = 0;
  while (b < maxSfb) {
    const cb = sf[b]! < 0 ? ZERO_HCB : ESC_HCB;
    let end = b + 1;
    while (end < maxSfb && (sf[end]! < 0 ? ZERO_HCB : ESC_HCB) === cb) end++;
    w.write(cb, 4);
    let len = end - b;
    while (len >= SECT_ESC) {
      w.write(SECT_ESC, 5);
      len -= SECT_ESC;
    }
    w.write(len, 5);
    b = end;
  }
}

function writeCode(w: AacBitWriter, packed: number): void {
  w.write(packed & CODE_MASK, packed >>> CODE_BITS_SHIFT);
}

function writePair(w: AacBitWriter, y: number, z: number): void {
  const ay = y < 0 ? -y : y;
  const az = z < 0 ? -z : z;
  const packed = CB11_CODES_PACKED[17 * (ay < ESC ? ay : ESC) + (az < ESC ? az : ESC)]!;
  // Codeword and sign bits (y's then z's, 1 = negative) in one write: at most 12 + 2 bits.
  let code = packed & CODE_MASK;
  let len = packed >>> CODE_BITS_SHIFT;
  if (ay !== 0) {
    code = (code << 1) | (y < 0 ? 1 : 0);
    len++;
  }
  if (az !== 0) {
    code = (code << 1) | (z < 0 ? 1 : 0);
    len++;
  }
  w.write(code, len);
  if (ay >= ESC) writeEscape(w, ay);
  if (az >= ESC) writeEscape(w, az);
}

/** escape_sequence: N ones, a zero, then the N+4 low bits of the value (value = 2^(N+4) + word). */
function writeEscape(w: AacBitWriter, v: number): void {
  const n = 31 - Math.clz32(v) - 4;
  for (let i = 0; i < n; i++) w.write(1, 1);
  w.write(0, 1);
  w.write(v - (1 << (n + 4)), n + 4);
}
