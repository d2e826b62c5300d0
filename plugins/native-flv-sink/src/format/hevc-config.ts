/** HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 §8.3.3.1 (Enhanced RTMP `hvc1` PacketTypeSequenceStart body). */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

export interface HevcNalArray {
  arrayCompleteness: boolean;
  nalUnitType: number;
  nalus: Uint8Array[];
}

export interface HevcDecoderConfigurationRecord {
  generalProfileSpace: number;
  generalTierFlag: number;
  generalProfileIdc: number;
  /** general_profile_compatibility_flags, flag 0 in the most significant bit. */
  generalProfileCompatibilityFlags: number;
  /** 6 bytes. */
  generalConstraintIndicatorFlags: Uint8Array;
  generalLevelIdc: number;
  minSpatialSegmentationIdc: number;
  parallelismType: number;
  chromaFormatIdc: number;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
  avgFrameRate: number;
  constantFrameRate: number;
  numTemporalLayers: number;
  temporalIdNested: boolean;
  lengthSizeMinusOne: number;
  arrays: HevcNalArray[];
}

const STRUCTURE = 'HEVCDecoderConfigurationRecord';
const FIXED_SIZE = 23;

export function encodeHevcConfig(c: HevcDecoderConfigurationRecord): Uint8Array {
  if (c.generalConstraintIndicatorFlags.length !== 6) throw new FormatError(STRUCTURE, 'general_constraint_indicator_flags must be 6 bytes');
  if (c.arrays.length > 255) throw new FormatError(STRUCTURE, `${c.arrays.length} arrays exceed 255`);
  let size = FIXED_SIZE;
  for (const a of c.arrays) {
    size += 3;
    for (const u of a.nalus) {
      if (u.length > 0xffff) throw new FormatError(STRUCTURE, `NAL unit of ${u.length} bytes exceeds 65535`);
      size += 2 + u.length;
    }
  }
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out[0] = 1; // configurationVersion
  out[1] = ((c.generalProfileSpace & 3) << 6) | ((c.generalTierFlag & 1) << 5) | (c.generalProfileIdc & 0x1f);
  v.setUint32(2, c.generalProfileCompatibilityFlags >>> 0);
  out.set(c.generalConstraintIndicatorFlags, 6);
  out[12] = c.generalLevelIdc;
  v.setUint16(13, 0xf000 | (c.minSpatialSegmentationIdc & 0xfff)); // reserved '1111' + min_spatial_segmentation_idc
  out[15] = 0xfc | (c.parallelismType & 3); // reserved '111111' + parallelismType
  out[16] = 0xfc | (c.chromaFormatIdc & 3); // reserved '111111' + chromaFormat
  out[17] = 0xf8 | (c.bitDepthLumaMinus8 & 7); // reserved '11111' + bitDepthLumaMinus8
  out[18] = 0xf8 | (c.bitDepthChromaMinus8 & 7); // reserved '11111' + bitDepthChromaMinus8
  v.setUint16(19, c.avgFrameRate);
  // constantFrameRate(2) numTemporalLayers(3) temporalIdNested(1) lengthSizeMinusOne(2)
  out[21] = ((c.constantFrameRate & 3) << 6) | ((c.numTemporalLayers & 7) << 3) | ((c.temporalIdNested ? 1 : 0) << 2) | (c.lengthSizeMinusOne & 3);
  out[22] = c.arrays.length; // numOfArrays
  let p = FIXED_SIZE;
  for (const a of c.arrays) {
    out[p++] = ((a.arrayCompleteness ? 1 : 0) << 7) | (a.nalUnitType & 0x3f); // array_completeness, reserved 0, NAL_unit_type
    v.setUint16(p, a.nalus.length);
    p += 2;
    for (const u of a.nalus) {
      v.setUint16(p, u.length);
      out.set(u, p + 2);
      p += 2 + u.length;
    }
  }
  return out;
}

export function decodeHevcConfig(buf: Uint8Array): HevcDecoderConfigurationRecord {
  const r = new ByteReader(buf, STRUCTURE);
  const version = r.u8();
  if (version !== 1) throw new FormatError(STRUCTURE, `configurationVersion ${version} is not 1`, 0);
  const b1 = r.u8();
  const generalProfileCompatibilityFlags = r.u32be();
  const generalConstraintIndicatorFlags = r.bytes(6).slice();
  const generalLevelIdc = r.u8();
  const minSpatialSegmentationIdc = r.u16be() & 0xfff;
  const parallelismType = r.u8() & 3;
  const chromaFormatIdc = r.u8() & 3;
  const bitDepthLumaMinus8 = r.u8() & 7;
  const bitDepthChromaMinus8 = r.u8() & 7;
  const avgFrameRate = r.u16be();
  const b21 = r.u8();
  const numArrays = r.u8();
  const arrays: HevcNalArray[] = [];
  for (let i = 0; i < numArrays; i++) {
    const h = r.u8();
    const n = r.u16be();
    const nalus: Uint8Array[] = [];
    for (let j = 0; j < n; j++) nalus.push(r.bytes(r.u16be()).slice());
    arrays.push({ arrayCompleteness: (h & 0x80) !== 0, nalUnitType: h & 0x3f, nalus });
  }
  return {
    generalProfileSpace: b1 >> 6,
    generalTierFlag: (b1 >> 5) & 1,
    generalProfileIdc: b1 & 0x1f,
    generalProfileCompatibilityFlags,
    generalConstraintIndicatorFlags,
    generalLevelIdc,
    minSpatialSegmentationIdc,
    parallelismType,
    chromaFormatIdc,
    bitDepthLumaMinus8,
    bitDepthChromaMinus8,
    avgFrameRate,
    constantFrameRate: b21 >> 6,
    numTemporalLayers: (b21 >> 3) & 7,
    temporalIdNested: (b21 & 4) !== 0,
    lengthSizeMinusOne: b21 & 3,
    arrays,
  };
}
