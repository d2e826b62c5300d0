import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, TruncatedError, parseH264Sps, parseH265Sps, splitAnnexB } from '../index.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'media');
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

// SPS NAL units from single-frame libx264/libx265 encodes of ffmpeg's testsrc (origin: ffmpeg 5.1, Debian 12);
// width/height/profile/level as ffprobe reports them for each encode.
const h264Cases = [
  { name: 'x264 main 1280x720', bytes: '674d401feca02802dd8088000003000800000301e078c18cb0',
    value: { profileIdc: 77, constraintFlags: 0x40, levelIdc: 31, chromaFormatIdc: 1, width: 1280, height: 720, frameMbsOnlyFlag: true, frameRate: 30 } },
  { name: 'x264 constrained baseline 1920x1080 (crop 8 rows)', bytes: '6742c028d900780227e5c044000003000400000300f03c60c920',
    value: { profileIdc: 66, constraintFlags: 0xc0, levelIdc: 40, chromaFormatIdc: 1, width: 1920, height: 1080, frameMbsOnlyFlag: true, frameRate: 30 } },
  { name: 'x264 high 352x288', bytes: '6764000dacd9416096c044000003000400000300f03c50a658',
    value: { profileIdc: 100, constraintFlags: 0, levelIdc: 13, chromaFormatIdc: 1, width: 352, height: 288 } },
  { name: 'x264 high 642x362 (crop both axes)', bytes: '6764001eacd940a42fe224c044000003000400000300f03c58b658',
    value: { profileIdc: 100, levelIdc: 30, width: 642, height: 362 } },
  { name: 'x264 high 4:4:4 720x576', bytes: '67f4001f919b2816824d8088000003000800000301e078c18cb0',
    value: { profileIdc: 244, chromaFormatIdc: 3, width: 720, height: 576 } },
  { name: 'x264 interlaced 720x576 (field pairs)', bytes: '6764001eacd940b424d8088000000300800000190f8a14cb',
    value: { profileIdc: 100, width: 720, height: 576, frameMbsOnlyFlag: false, frameRate: 25 } },
];

const h265Cases = [
  { name: 'x265 main 1920x1080 (conformance window 8 rows)', bytes: '420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000c84',
    value: { width: 1920, height: 1080, generalProfileSpace: 0, generalTierFlag: 0, generalProfileIdc: 1,
      generalProfileCompatibilityFlags: 0x60000000, generalConstraintIndicatorFlags: hex('900000000000'), generalLevelIdc: 120,
      chromaFormatIdc: 1, bitDepthLumaMinus8: 0, bitDepthChromaMinus8: 0, spsMaxSubLayersMinus1: 0, spsTemporalIdNestingFlag: true } },
  { name: 'x265 main10 1280x720', bytes: '42010102200000030090000003000003005da00280802d1365959a4932bc05a02000000300200000030321',
    value: { width: 1280, height: 720, generalProfileIdc: 2, generalProfileCompatibilityFlags: 0x20000000, generalLevelIdc: 93,
      bitDepthLumaMinus8: 2, bitDepthChromaMinus8: 2 } },
  { name: 'x265 main 352x288', bytes: '42010101600000030090000003000003003ca00b08048596566924caf0168080000003008000000c84',
    value: { width: 352, height: 288, generalLevelIdc: 60 } },
  { name: 'x265 main 642x362 (window on both axes)', bytes: '42010101600000030090000003000003003fa005120171c9265959a4932bc05a020000030002000003003210',
    value: { width: 642, height: 362, generalLevelIdc: 63 } },
];

describe('parseH264Sps (ITU-T H.264 §7.3.2.1.1)', () => {
  for (const c of h264Cases) {
    it(c.name, () => expect(parseH264Sps(hex(c.bytes))).toMatchObject(c.value));
  }
  const bad = [
    { name: 'not an SPS (PPS header)', bytes: '68ce3c80', error: FormatError },
    { name: 'empty', bytes: '', error: TruncatedError },
    { name: 'cut inside the level', bytes: '674d40', error: TruncatedError },
    { name: 'cut before the frame size', bytes: '674d401feca0', error: TruncatedError },
    { name: 'chroma_format_idc 15 (ue 000010000)', bytes: '6764001e 84 00', error: FormatError },
    { name: 'seq_parameter_set_id 32', bytes: '6742001e 04 20 ff ff', error: FormatError },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.error.name}`, () => expect(() => parseH264Sps(hex(c.bytes))).toThrow(c.error));
  }
  it('every prefix cut before the VUI throws TruncatedError', () => {
    const full = hex(h264Cases[0]!.bytes);
    for (let n = 0; n < 9; n++) expect(() => parseH264Sps(full.subarray(0, n))).toThrow(TruncatedError);
  });
  it('a VUI cut short keeps the size and drops only the frame rate', () => {
    const full = hex(h264Cases[0]!.bytes);
    const info = parseH264Sps(full.subarray(0, 12));
    expect(info).toMatchObject({ width: 1280, height: 720 });
    expect(info.frameRate).toBeUndefined();
  });
});

describe('parseH265Sps (ITU-T H.265 §7.3.2.2.1, §7.3.3)', () => {
  for (const c of h265Cases) {
    it(c.name, () => expect(parseH265Sps(hex(c.bytes))).toMatchObject(c.value));
  }
  const bad = [
    { name: 'not an SPS (VPS header)', bytes: '40010c01ffff', error: FormatError },
    { name: 'one byte', bytes: '42', error: TruncatedError },
    { name: 'cut inside profile_tier_level', bytes: '4201010160000003009000', error: TruncatedError },
    { name: 'sps_max_sub_layers_minus1 7', bytes: '42010e' + '00'.repeat(20), error: FormatError },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.error.name}`, () => expect(() => parseH265Sps(hex(c.bytes))).toThrow(c.error));
  }
  it('every prefix throws TruncatedError', () => {
    const full = hex(h265Cases[0]!.bytes);
    for (let n = 0; n < 24; n++) expect(() => parseH265Sps(full.subarray(0, n))).toThrow(TruncatedError);
  });
});

describe('SPS parsers on random bytes', () => {
  it('throw only FormatError/TruncatedError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (body, h265) => {
        const nal = h265 ? Uint8Array.from([0x42, 0x01, ...body]) : Uint8Array.from([0x67, ...body]);
        try {
          const info = h265 ? parseH265Sps(nal) : parseH264Sps(nal);
          expect(info.width).toBeGreaterThan(0);
          expect(info.height).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SPS parsers agree with ffprobe on the fixture files', () => {
  const files = [
    { file: 'h264-640x360-25fps.h264', parse: parseH264Sps, type: (n: Uint8Array) => n[0]! & 0x1f, sps: 7 },
    { file: 'h264-bframes-640x360.h264', parse: parseH264Sps, type: (n: Uint8Array) => n[0]! & 0x1f, sps: 7 },
    { file: 'h265-640x360-25fps.h265', parse: parseH265Sps, type: (n: Uint8Array) => (n[0]! >> 1) & 0x3f, sps: 33 },
  ];
  for (const f of files) {
    it(f.file, () => {
      const path = join(FIXTURES, f.file);
      const probed = JSON.parse(
        execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', path], { encoding: 'utf8' }),
      ).streams[0];
      const sps = splitAnnexB(readFileSync(path)).find((n) => f.type(n) === f.sps)!;
      const info = f.parse(sps);
      expect({ width: info.width, height: info.height }).toEqual({ width: probed.width, height: probed.height });
    });
  }
});
