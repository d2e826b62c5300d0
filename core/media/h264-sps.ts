/** H.264 sequence parameter set: ITU-T H.264 §7.3.2.1.1 (seq_parameter_set_data) and Annex E.1.1 (vui_parameters). */
import { BitReader, unescapeRbsp } from './bit-reader.js';
import { FormatError, TruncatedError } from './format-error.js';

export interface H264SpsInfo {
  profileIdc: number;
  /** constraint_set0_flag..constraint_set5_flag + reserved_zero_2bits: the byte after profile_idc. */
  constraintFlags: number;
  levelIdc: number;
  seqParameterSetId: number;
  /** 1 (4:2:0) unless a High profile SPS says otherwise. */
  chromaFormatIdc: number;
  separateColourPlaneFlag: boolean;
  bitDepthLumaMinus8: number;
  bitDepthChromaMinus8: number;
  frameMbsOnlyFlag: boolean;
  /** Luma size after frame cropping (§7.4.2.1.1, equations 7-19..7-22). */
  width: number;
  height: number;
  /** time_scale / (2 · num_units_in_tick) when the VUI carries timing info. */
  frameRate?: number;
}

const STRUCTURE = 'H.264 SPS';

/** profile_idc values whose SPS carries chroma_format_idc and bit depths (§7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Upper bound for num_ref_frames_in_pic_order_cnt_cycle (§7.4.2.1.1: 0..255). */
const MAX_REF_FRAMES_IN_POC_CYCLE = 255;

/** Parses an SPS NAL unit (with its 1-byte NAL header, without start code). */
export function parseH264Sps(nal: Uint8Array): H264SpsInfo {
  if (nal.length < 1) throw new TruncatedError(STRUCTURE, 1, 0, 0);
  const nalType = nal[0]! & 0x1f;
  if (nalType !== 7) throw new FormatError(STRUCTURE, `nal_unit_type ${nalType} is not 7 (SPS)`, 0);
  const r = new BitReader(unescapeRbsp(nal.subarray(1)), STRUCTURE);

  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  const seqParameterSetId = r.ue();
  if (seqParameterSetId > 31) throw new FormatError(STRUCTURE, `seq_parameter_set_id ${seqParameterSetId} > 31`);

  let chromaFormatIdc = 1;
  let separateColourPlaneFlag = false;
  let bitDepthLumaMinus8 = 0;
  let bitDepthChromaMinus8 = 0;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc > 3) throw new FormatError(STRUCTURE, `chroma_format_idc ${chromaFormatIdc} > 3`);
    if (chromaFormatIdc === 3) separateColourPlaneFlag = r.flag();
    bitDepthLumaMinus8 = r.ue();
    bitDepthChromaMinus8 = r.ue();
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      // seq_scaling_matrix_present_flag
      const lists = chromaFormatIdc !== 3 ? 8 : 12;
      for (let i = 0; i < lists; i++) {
        if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }

  r.ue(); // log2_max_frame_num_minus4
  const picOrderCntType = r.ue();
  if (picOrderCntType === 0) {
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (picOrderCntType === 1) {
    r.skip(1); // delta_pic_order_always_zero_flag
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const n = r.ue(); // num_ref_frames_in_pic_order_cnt_cycle
    if (n > MAX_REF_FRAMES_IN_POC_CYCLE) {
      throw new FormatError(STRUCTURE, `num_ref_frames_in_pic_order_cnt_cycle ${n} > ${MAX_REF_FRAMES_IN_POC_CYCLE}`);
    }
    for (let i = 0; i < n; i++) r.se(); // offset_for_ref_frame[i]
  } else if (picOrderCntType !== 2) {
    throw new FormatError(STRUCTURE, `pic_order_cnt_type ${picOrderCntType} > 2`);
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const picWidthInMbsMinus1 = r.ue();
  const picHeightInMapUnitsMinus1 = r.ue();
  const frameMbsOnlyFlag = r.flag();
  if (!frameMbsOnlyFlag) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
  if (r.flag()) {
    // frame_cropping_flag
    cropLeft = r.ue();
    cropRight = r.ue();
    cropTop = r.ue();
    cropBottom = r.ue();
  }

  // §7.4.2.1.1: ChromaArrayType, CropUnitX/Y (7-19..7-22), SubWidthC/SubHeightC from Table 6-1.
  const chromaArrayType = separateColourPlaneFlag ? 0 : chromaFormatIdc;
  const subWidthC = chromaFormatIdc === 3 ? 1 : 2;
  const subHeightC = chromaFormatIdc === 1 ? 2 : 1;
  const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * (frameMbsOnlyFlag ? 1 : 2);
  const fullWidth = (picWidthInMbsMinus1 + 1) * 16;
  const fullHeight = (frameMbsOnlyFlag ? 1 : 2) * (picHeightInMapUnitsMinus1 + 1) * 16;
  const width = fullWidth - cropUnitX * (cropLeft + cropRight);
  const height = fullHeight - cropUnitY * (cropTop + cropBottom);
  if (width <= 0 || height <= 0) {
    throw new FormatError(STRUCTURE, `frame cropping leaves ${width}x${height} of ${fullWidth}x${fullHeight}`);
  }

  const info: H264SpsInfo = {
    profileIdc, constraintFlags, levelIdc, seqParameterSetId, chromaFormatIdc, separateColourPlaneFlag,
    bitDepthLumaMinus8, bitDepthChromaMinus8, frameMbsOnlyFlag, width, height,
  };
  if (r.flag()) {
    // vui_parameters_present_flag: only the frame rate is wanted; a VUI cut short is tolerated (it is optional
    // information and some encoders truncate it), everything before it is required.
    try {
      const frameRate = readVuiFrameRate(r);
      if (frameRate !== undefined) info.frameRate = frameRate;
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
    }
  }
  return info;
}

/** scaling_list() (§7.3.2.1.1.1): only skipped. */
function skipScalingList(r: BitReader, size: number): void {
  let lastScale = 8;
  let nextScale = 8;
  for (let j = 0; j < size; j++) {
    if (nextScale !== 0) {
      const delta = r.se();
      nextScale = (lastScale + delta + 256) % 256;
    }
    lastScale = nextScale === 0 ? lastScale : nextScale;
  }
}

/** vui_parameters() up to timing_info (Annex E.1.1). */
function readVuiFrameRate(r: BitReader): number | undefined {
  if (r.flag()) {
    // aspect_ratio_info_present_flag
    const aspectRatioIdc = r.bits(8);
    if (aspectRatioIdc === 255) r.skip(32); // Extended_SAR: sar_width u(16), sar_height u(16)
  }
  if (r.flag()) r.skip(1); // overscan_info_present_flag → overscan_appropriate_flag
  if (r.flag()) {
    // video_signal_type_present_flag
    r.skip(4); // video_format u(3), video_full_range_flag u(1)
    if (r.flag()) r.skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.flag()) {
    // chroma_loc_info_present_flag
    r.ue();
    r.ue();
  }
  if (!r.flag()) return undefined; // timing_info_present_flag
  const numUnitsInTick = r.bits(32);
  const timeScale = r.bits(32);
  if (numUnitsInTick === 0 || timeScale === 0) return undefined;
  return timeScale / (2 * numUnitsInTick);
}
