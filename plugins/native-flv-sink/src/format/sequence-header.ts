/** Decoder configuration records built from parameter sets (ISO/IEC 14496-15 §5.3.3.1 AVC, §8.3.3.1 HEVC). */
import { parseH264Sps, parseH265Sps } from '@nvr-pusher/core/media';
import { avcConfigFromParameterSets, encodeAvcConfig } from './avc-config.js';
import { encodeHevcConfig } from './hevc-config.js';

/** H.265 nal_unit_type of VPS, SPS, PPS (ITU-T H.265 Table 7-1). */
export const HEVC_NAL_VPS = 32;
export const HEVC_NAL_SPS = 33;
export const HEVC_NAL_PPS = 34;

/** A decoder configuration record and the picture size its SPS declares. */
export interface SequenceHeader {
  record: Uint8Array;
  width: number;
  height: number;
  /** From the H.264 VUI timing info, when present. */
  frameRate?: number;
}

/** AVCDecoderConfigurationRecord from one SPS and one PPS (NAL units without start codes). */
export function avcSequenceHeader(sps: Uint8Array, pps: Uint8Array): SequenceHeader {
  const info = parseH264Sps(sps);
  const record = encodeAvcConfig(
    avcConfigFromParameterSets(sps, pps, {
      chromaFormat: info.chromaFormatIdc,
      bitDepthLumaMinus8: info.bitDepthLumaMinus8,
      bitDepthChromaMinus8: info.bitDepthChromaMinus8,
    }),
  );
  return { record, width: info.width, height: info.height, frameRate: info.frameRate };
}

/** HEVCDecoderConfigurationRecord; profile/tier/level and format fields come from the SPS. */
export function hevcSequenceHeader(vps: Uint8Array, sps: Uint8Array, pps: Uint8Array): SequenceHeader {
  const info = parseH265Sps(sps);
  const record = encodeHevcConfig({
    generalProfileSpace: info.generalProfileSpace,
    generalTierFlag: info.generalTierFlag,
    generalProfileIdc: info.generalProfileIdc,
    generalProfileCompatibilityFlags: info.generalProfileCompatibilityFlags,
    generalConstraintIndicatorFlags: info.generalConstraintIndicatorFlags,
    generalLevelIdc: info.generalLevelIdc,
    minSpatialSegmentationIdc: 0, // not known without parsing the VUI; 0 = no guarantee (§8.3.3.1.2)
    parallelismType: 0, // 0 = unknown / mixed
    chromaFormatIdc: info.chromaFormatIdc,
    bitDepthLumaMinus8: info.bitDepthLumaMinus8,
    bitDepthChromaMinus8: info.bitDepthChromaMinus8,
    avgFrameRate: 0, // 0 = unspecified
    constantFrameRate: 0,
    numTemporalLayers: info.spsMaxSubLayersMinus1 + 1,
    temporalIdNested: info.spsTemporalIdNestingFlag,
    lengthSizeMinusOne: 3,
    arrays: [
      // array_completeness = 1: every parameter set is in the record ('hvc1' sample entry, §8.4.1.1.2).
      { arrayCompleteness: true, nalUnitType: HEVC_NAL_VPS, nalus: [vps] },
      { arrayCompleteness: true, nalUnitType: HEVC_NAL_SPS, nalus: [sps] },
      { arrayCompleteness: true, nalUnitType: HEVC_NAL_PPS, nalus: [pps] },
    ],
  });
  return { record, width: info.width, height: info.height };
}
