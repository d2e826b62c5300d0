/** AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.3.3.1 (the AVC sequence header of FLV, Annex E.4.3.1). */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

export interface AvcDecoderConfigurationRecord {
  /** AVCProfileIndication, profile_compatibility, AVCLevelIndication: bytes 1..3 of the first SPS. */
  avcProfileIndication: number;
  profileCompatibility: number;
  avcLevelIndication: number;
  /** NAL unit length field size minus one (3: 4-byte lengths). */
  lengthSizeMinusOne: number;
  /** SPS and PPS NAL units, headers included, no start codes. */
  sequenceParameterSets: Uint8Array[];
  pictureParameterSets: Uint8Array[];
  /** The High-profile extension (profile_idc 100, 110, 122, 144), written when present. */
  highProfile?: { chromaFormat: number; bitDepthLumaMinus8: number; bitDepthChromaMinus8: number };
}

const STRUCTURE = 'AVCDecoderConfigurationRecord';
/** Profiles whose record carries chroma_format and bit depths (§5.3.3.1.2). */
const HIGH_PROFILE_INDICATIONS = new Set([100, 110, 122, 144]);

/** Builds the record from one SPS and one PPS (4-byte NALU lengths, as the muxer writes). */
export function avcConfigFromParameterSets(
  sps: Uint8Array,
  pps: Uint8Array,
  high?: AvcDecoderConfigurationRecord['highProfile'],
): AvcDecoderConfigurationRecord {
  if (sps.length < 4) throw new FormatError(STRUCTURE, `SPS of ${sps.length} bytes is shorter than 4`);
  return {
    avcProfileIndication: sps[1]!,
    profileCompatibility: sps[2]!,
    avcLevelIndication: sps[3]!,
    lengthSizeMinusOne: 3,
    sequenceParameterSets: [sps],
    pictureParameterSets: [pps],
    highProfile: HIGH_PROFILE_INDICATIONS.has(sps[1]!) ? high : undefined,
  };
}

export function encodeAvcConfig(c: AvcDecoderConfigurationRecord): Uint8Array {
  if (c.sequenceParameterSets.length > 31) throw new FormatError(STRUCTURE, `${c.sequenceParameterSets.length} SPS exceed 31`);
  if (c.pictureParameterSets.length > 255) throw new FormatError(STRUCTURE, `${c.pictureParameterSets.length} PPS exceed 255`);
  let size = 7;
  for (const u of [...c.sequenceParameterSets, ...c.pictureParameterSets]) {
    if (u.length > 0xffff) throw new FormatError(STRUCTURE, `parameter set of ${u.length} bytes exceeds 65535`);
    size += 2 + u.length;
  }
  if (c.highProfile) size += 4;
  const out = new Uint8Array(size);
  // prettier-ignore
  out.set([
    1,                                   // configurationVersion
    c.avcProfileIndication,              // AVCProfileIndication
    c.profileCompatibility,              // profile_compatibility
    c.avcLevelIndication,                // AVCLevelIndication
    0xfc | (c.lengthSizeMinusOne & 3),   // reserved '111111' + lengthSizeMinusOne
    0xe0 | c.sequenceParameterSets.length, // reserved '111' + numOfSequenceParameterSets
  ]);
  let p = 6;
  for (const u of c.sequenceParameterSets) p = putUnit(out, p, u);
  out[p++] = c.pictureParameterSets.length; // numOfPictureParameterSets
  for (const u of c.pictureParameterSets) p = putUnit(out, p, u);
  if (c.highProfile) {
    out[p++] = 0xfc | (c.highProfile.chromaFormat & 3); // reserved '111111' + chroma_format
    out[p++] = 0xf8 | (c.highProfile.bitDepthLumaMinus8 & 7); // reserved '11111' + bit_depth_luma_minus8
    out[p++] = 0xf8 | (c.highProfile.bitDepthChromaMinus8 & 7); // reserved '11111' + bit_depth_chroma_minus8
    out[p++] = 0; // numOfSequenceParameterSetExt
  }
  return out;
}

function putUnit(out: Uint8Array, p: number, u: Uint8Array): number {
  out[p] = u.length >> 8;
  out[p + 1] = u.length & 0xff;
  out.set(u, p + 2);
  return p + 2 + u.length;
}

export function decodeAvcConfig(buf: Uint8Array): AvcDecoderConfigurationRecord {
  const r = new ByteReader(buf, STRUCTURE);
  const version = r.u8();
  if (version !== 1) throw new FormatError(STRUCTURE, `configurationVersion ${version} is not 1`, 0);
  const avcProfileIndication = r.u8();
  const profileCompatibility = r.u8();
  const avcLevelIndication = r.u8();
  const lengthSizeMinusOne = r.u8() & 3;
  const numSps = r.u8() & 0x1f;
  const sequenceParameterSets: Uint8Array[] = [];
  for (let i = 0; i < numSps; i++) sequenceParameterSets.push(r.bytes(r.u16be()).slice());
  const numPps = r.u8();
  const pictureParameterSets: Uint8Array[] = [];
  for (let i = 0; i < numPps; i++) pictureParameterSets.push(r.bytes(r.u16be()).slice());
  const c: AvcDecoderConfigurationRecord = { avcProfileIndication, profileCompatibility, avcLevelIndication, lengthSizeMinusOne, sequenceParameterSets, pictureParameterSets };
  if (HIGH_PROFILE_INDICATIONS.has(avcProfileIndication) && r.remaining >= 4) {
    c.highProfile = { chromaFormat: r.u8() & 3, bitDepthLumaMinus8: r.u8() & 7, bitDepthChromaMinus8: r.u8() & 7 };
    const numExt = r.u8();
    for (let i = 0; i < numExt; i++) r.skip(r.u16be());
  }
  return c;
}
