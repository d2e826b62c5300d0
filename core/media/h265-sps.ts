/** H.265 sequence parameter set: ITU-T H.265 §7.3.2.2.1 (seq_parameter_set_rbsp) and §7.3.3 (profile_tier_level). */
import { BitReader, unescapeRbsp } from './bit-reader.js';
import { FormatError, TruncatedError } from './format-error.js';

export interface H265SpsInfo {
  /** Luma size with the conformance window applied (§7.4.3.2.1). */
  width: number;
  height: number;
  spsVideoParameterSetId: number;
  /** sps_max_sub_layers_minus1 (hvcC numTemporalLayers = this + 1). */
  spsMaxSubLayersMinus1: number;
  spsTemporalIdNestingFlag: boolean;
  generalProfileSpace: number;
  generalTierFlag: number;
  generalProfileIdc: number;
  /** general_profile_compatibility_flag[0..31] as one u32, flag 0 in the most significant bit. */
  generalProfileCompatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag to general_inbld_flag/reserved, as 6 bytes. */
  generalConstraintIndicatorFlags: Uint8Array;
  generalLevelIdc: number;
  chromaFormatIdc: number;
  separateColourPlaneFlag: boolean;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
}

const STRUCTURE = 'H.265 SPS';

/** Parses an SPS NAL unit (with its 2-byte NAL header, without start code). */
export function parseH265Sps(nal: Uint8Array): H265SpsInfo {
  if (nal.length < 2) throw new TruncatedError(STRUCTURE, 2, nal.length, 0);
  const nalType = (nal[0]! >> 1) & 0x3f;
  if (nalType !== 33) throw new FormatError(STRUCTURE, `nal_unit_type ${nalType} is not 33 (SPS)`, 0);
  const r = new BitReader(unescapeRbsp(nal.subarray(2)), STRUCTURE);

  const spsVideoParameterSetId = r.bits(4);
  const spsMaxSubLayersMinus1 = r.bits(3);
  if (spsMaxSubLayersMinus1 > 6) throw new FormatError(STRUCTURE, `sps_max_sub_layers_minus1 ${spsMaxSubLayersMinus1} > 6`);
  const spsTemporalIdNestingFlag = r.flag();

  // profile_tier_level(1, sps_max_sub_layers_minus1), §7.3.3
  const generalProfileSpace = r.bits(2);
  const generalTierFlag = r.bit();
  const generalProfileIdc = r.bits(5);
  const generalProfileCompatibilityFlags = r.bits(32);
  const generalConstraintIndicatorFlags = new Uint8Array(6); // progressive..inbld/reserved: 4 + 43 + 1 bits
  for (let i = 0; i < 6; i++) generalConstraintIndicatorFlags[i] = r.bits(8);
  const generalLevelIdc = r.bits(8);
  const subLayerProfilePresent: boolean[] = [];
  const subLayerLevelPresent: boolean[] = [];
  for (let i = 0; i < spsMaxSubLayersMinus1; i++) {
    subLayerProfilePresent.push(r.flag());
    subLayerLevelPresent.push(r.flag());
  }
  if (spsMaxSubLayersMinus1 > 0) r.skip(2 * (8 - spsMaxSubLayersMinus1)); // reserved_zero_2bits
  for (let i = 0; i < spsMaxSubLayersMinus1; i++) {
    if (subLayerProfilePresent[i]) r.skip(88); // sub_layer_profile_space .. sub_layer_inbld_flag
    if (subLayerLevelPresent[i]) r.skip(8); // sub_layer_level_idc
  }

  const spsSeqParameterSetId = r.ue();
  if (spsSeqParameterSetId > 15) throw new FormatError(STRUCTURE, `sps_seq_parameter_set_id ${spsSeqParameterSetId} > 15`);
  const chromaFormatIdc = r.ue();
  if (chromaFormatIdc > 3) throw new FormatError(STRUCTURE, `chroma_format_idc ${chromaFormatIdc} > 3`);
  const separateColourPlaneFlag = chromaFormatIdc === 3 ? r.flag() : false;
  const picWidthInLumaSamples = r.ue();
  const picHeightInLumaSamples = r.ue();
  let left = 0, right = 0, top = 0, bottom = 0;
  if (r.flag()) {
    // conformance_window_flag
    left = r.ue();
    right = r.ue();
    top = r.ue();
    bottom = r.ue();
  }
  const bitDepthLumaMinus8 = r.ue();
  const bitDepthChromaMinus8 = r.ue();

  // §7.4.3.2.1 conformance window in chroma units; SubWidthC/SubHeightC from Table 6-1.
  const chromaArrayType = separateColourPlaneFlag ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const width = picWidthInLumaSamples - subWidthC * (left + right);
  const height = picHeightInLumaSamples - subHeightC * (top + bottom);
  if (width <= 0 || height <= 0) {
    throw new FormatError(STRUCTURE, `conformance window leaves ${width}x${height} of ${picWidthInLumaSamples}x${picHeightInLumaSamples}`);
  }
  return {
    width, height, spsVideoParameterSetId, spsMaxSubLayersMinus1, spsTemporalIdNestingFlag,
    generalProfileSpace, generalTierFlag, generalProfileIdc, generalProfileCompatibilityFlags,
    generalConstraintIndicatorFlags, generalLevelIdc, chromaFormatIdc, separateColourPlaneFlag,
    bitDepthLumaMinus8, bitDepthChromaMinus8,
  };
}
