/** SPS syntax paths the encoder fixtures do not reach, built field by field (H.264 §7.3.2.1.1, H.265 §7.3.2.2.1/§7.3.3). */
import { describe, expect, it } from 'vitest';
import { FormatError, parseH264Sps, parseH265Sps } from '../index.js';
import { BitWriter } from './bit-writer.js';

interface H264Fields {
  profileIdc: number;
  chromaFormatIdc?: number;
  separateColourPlane?: boolean;
  scalingLists?: number[][]; // per list: delta_scale values (empty = list not present)
  pocType: number;
  pocCycle?: number[];
  widthMbs: number;
  heightMapUnits: number;
  frameMbsOnly: boolean;
  crop?: [number, number, number, number];
}

function h264Sps(f: H264Fields): Uint8Array {
  const w = new BitWriter().u(8, f.profileIdc).u(8, 0).u(8, 40).ue(0);
  if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(f.profileIdc)) {
    w.ue(f.chromaFormatIdc ?? 1);
    if (f.chromaFormatIdc === 3) w.flag(f.separateColourPlane ?? false);
    w.ue(2).ue(2).flag(false); // bit depths 10, qpprime_y_zero_transform_bypass_flag
    w.flag(f.scalingLists !== undefined);
    if (f.scalingLists) {
      for (const list of f.scalingLists) {
        w.flag(list.length > 0);
        for (const d of list) w.se(d);
      }
    }
  }
  w.ue(0).ue(f.pocType); // log2_max_frame_num_minus4, pic_order_cnt_type
  if (f.pocType === 0) w.ue(2);
  if (f.pocType === 1) {
    w.flag(false).se(-3).se(5).ue(f.pocCycle!.length);
    for (const o of f.pocCycle!) w.se(o);
  }
  w.ue(1).flag(false).ue(f.widthMbs - 1).ue(f.heightMapUnits - 1).flag(f.frameMbsOnly);
  if (!f.frameMbsOnly) w.flag(true);
  w.flag(true).flag(f.crop !== undefined);
  if (f.crop) for (const c of f.crop) w.ue(c);
  w.flag(false); // no VUI
  return w.nal([0x67]);
}

/** A scaling_list whose deltas reach nextScale 0 after the first entry: only one delta is coded. */
const ZERO_AFTER_ONE = [-8];
const full = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 3) - 1);

describe('parseH264Sps: hand-built syntax paths', () => {
  const cases: { name: string; fields: H264Fields; value: object }[] = [
    { name: 'pic_order_cnt_type 1 with a 3-entry cycle', fields: { profileIdc: 66, pocType: 1, pocCycle: [1, -2, 3], widthMbs: 20, heightMapUnits: 15, frameMbsOnly: true }, value: { width: 320, height: 240 } },
    { name: 'pic_order_cnt_type 2', fields: { profileIdc: 77, pocType: 2, widthMbs: 11, heightMapUnits: 9, frameMbsOnly: true }, value: { width: 176, height: 144 } },
    {
      name: 'High 10 with scaling lists (8 for 4:2:0; 4x4 and 8x8 sizes, one cut short by nextScale 0)',
      fields: { profileIdc: 110, pocType: 0, scalingLists: [full(16), [], ZERO_AFTER_ONE, [], [], full(16), full(64), ZERO_AFTER_ONE], widthMbs: 80, heightMapUnits: 45, frameMbsOnly: true },
      value: { profileIdc: 110, width: 1280, height: 720, bitDepthLumaMinus8: 2, bitDepthChromaMinus8: 2 },
    },
    {
      name: '4:4:4 with 12 scaling lists and cropping in luma units',
      fields: { profileIdc: 244, chromaFormatIdc: 3, pocType: 0, scalingLists: [...Array(6).fill([]), full(64), [], [], [], [], full(64)], widthMbs: 40, heightMapUnits: 30, frameMbsOnly: true, crop: [1, 2, 3, 4] },
      value: { chromaFormatIdc: 3, width: 640 - 3, height: 480 - 7 },
    },
    {
      name: '4:4:4 separate colour planes (ChromaArrayType 0: crop unit 1)',
      fields: { profileIdc: 244, chromaFormatIdc: 3, separateColourPlane: true, pocType: 0, widthMbs: 40, heightMapUnits: 30, frameMbsOnly: true, crop: [0, 5, 0, 5] },
      value: { separateColourPlaneFlag: true, width: 635, height: 475 },
    },
    {
      name: '4:2:2 field coding: crop unit 2 across, 2 down (SubHeightC 1 × 2 fields)',
      fields: { profileIdc: 122, chromaFormatIdc: 2, pocType: 0, widthMbs: 45, heightMapUnits: 18, frameMbsOnly: false, crop: [0, 0, 0, 4] },
      value: { chromaFormatIdc: 2, frameMbsOnlyFlag: false, width: 720, height: 576 - 8 },
    },
    {
      name: '4:2:0 frame cropping 1080p (8 rows = 4 crop units)',
      fields: { profileIdc: 100, pocType: 0, widthMbs: 120, heightMapUnits: 68, frameMbsOnly: true, crop: [0, 0, 0, 4] },
      value: { width: 1920, height: 1080 },
    },
  ];
  for (const c of cases) it(c.name, () => expect(parseH264Sps(h264Sps(c.fields))).toMatchObject(c.value));

  it('rejects pic_order_cnt_type 3', () => {
    expect(() => parseH264Sps(h264Sps({ profileIdc: 66, pocType: 3, widthMbs: 1, heightMapUnits: 1, frameMbsOnly: true }))).toThrow(FormatError);
  });
  it('rejects cropping that leaves no picture', () => {
    expect(() => parseH264Sps(h264Sps({ profileIdc: 66, pocType: 2, widthMbs: 1, heightMapUnits: 1, frameMbsOnly: true, crop: [4, 4, 0, 0] }))).toThrow(/frame cropping leaves/);
  });
  it('rejects a 256-entry pic order count cycle', () => {
    expect(() => parseH264Sps(h264Sps({ profileIdc: 66, pocType: 1, pocCycle: Array(256).fill(0), widthMbs: 1, heightMapUnits: 1, frameMbsOnly: true }))).toThrow(/255/);
  });
});

interface H265Fields {
  subLayers: { profile: boolean; level: boolean }[];
  chromaFormatIdc: number;
  separateColourPlane?: boolean;
  width: number;
  height: number;
  window?: [number, number, number, number];
}

function h265Sps(f: H265Fields): Uint8Array {
  const w = new BitWriter().u(4, 0).u(3, f.subLayers.length).flag(true);
  // general: profile_space 0, tier 1, profile_idc 2, compat flags, 48 constraint bits, level 153
  w.u(2, 0).u(1, 1).u(5, 2).u(32, 0x20000000).u(16, 0xb000).u(32, 0x00000001).u(8, 153);
  for (const s of f.subLayers) w.flag(s.profile).flag(s.level);
  if (f.subLayers.length > 0) for (let i = f.subLayers.length; i < 8; i++) w.u(2, 0);
  for (const s of f.subLayers) {
    if (s.profile) w.u(8, 0x42).u(32, 0x20000000).u(16, 0xb000).u(32, 0);
    if (s.level) w.u(8, 120);
  }
  w.ue(0).ue(f.chromaFormatIdc);
  if (f.chromaFormatIdc === 3) w.flag(f.separateColourPlane ?? false);
  w.ue(f.width).ue(f.height).flag(f.window !== undefined);
  if (f.window) for (const x of f.window) w.ue(x);
  w.ue(1).ue(1); // bit depths 9
  return w.nal([0x42, 0x01]);
}

describe('parseH265Sps: hand-built syntax paths', () => {
  const cases: { name: string; fields: H265Fields; value: object }[] = [
    {
      name: 'three sub-layers with profile and level present (88 + 8 bits each, reserved_zero_2bits)',
      fields: { subLayers: [{ profile: true, level: true }, { profile: false, level: true }, { profile: true, level: false }], chromaFormatIdc: 1, width: 1920, height: 1088, window: [0, 0, 0, 4] },
      value: { spsMaxSubLayersMinus1: 3, width: 1920, height: 1080, generalTierFlag: 1, generalProfileIdc: 2, generalLevelIdc: 153, bitDepthLumaMinus8: 1 },
    },
    { name: 'one sub-layer with nothing present', fields: { subLayers: [{ profile: false, level: false }], chromaFormatIdc: 1, width: 352, height: 288 }, value: { width: 352, height: 288 } },
    { name: 'monochrome: window in luma units', fields: { subLayers: [], chromaFormatIdc: 0, width: 100, height: 100, window: [1, 2, 3, 4] }, value: { chromaFormatIdc: 0, width: 97, height: 93 } },
    { name: '4:2:2: window ×2 across, ×1 down', fields: { subLayers: [], chromaFormatIdc: 2, width: 100, height: 100, window: [1, 2, 3, 4] }, value: { width: 94, height: 93 } },
    { name: '4:4:4 separate planes: window in luma units', fields: { subLayers: [], chromaFormatIdc: 3, separateColourPlane: true, width: 100, height: 100, window: [1, 1, 1, 1] }, value: { separateColourPlaneFlag: true, width: 98, height: 98 } },
  ];
  for (const c of cases) it(c.name, () => expect(parseH265Sps(h265Sps(c.fields))).toMatchObject(c.value));

  it('keeps the 48 general constraint bits and the compatibility flags', () => {
    const info = parseH265Sps(h265Sps({ subLayers: [], chromaFormatIdc: 1, width: 64, height: 64 }));
    expect(Array.from(info.generalConstraintIndicatorFlags)).toEqual([0xb0, 0x00, 0x00, 0x00, 0x00, 0x01]);
    expect(info.generalProfileCompatibilityFlags).toBe(0x20000000);
  });
  it('rejects a conformance window larger than the picture', () => {
    expect(() => parseH265Sps(h265Sps({ subLayers: [], chromaFormatIdc: 1, width: 16, height: 16, window: [0, 0, 4, 4] }))).toThrow(/conformance window leaves/);
  });
});
