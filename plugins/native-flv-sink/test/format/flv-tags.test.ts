import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError } from '@nvr-pusher/core/media';
import { decodeVideoTag, encodeVideoTag, type VideoTagBody } from '../../src/format/video-tag.js';
import { audioHeaderFor, decodeAudioTag, encodeAudioTag, type AudioTagBody } from '../../src/format/audio-tag.js';
import { decodeAvcConfig, encodeAvcConfig } from '../../src/format/avc-config.js';
import { decodeHevcConfig, encodeHevcConfig } from '../../src/format/hevc-config.js';
import { avcSequenceHeader, hevcSequenceHeader } from '../../src/format/sequence-header.js';
import { decodeOnMetaData, encodeSetDataFrame } from '../../src/format/script-tag.js';
import { decodeLengthPrefixed, encodeLengthPrefixed } from '../../src/format/nalu-length-prefix.js';
import { Amf0EcmaArray, decodeAmf0 } from '../../src/format/amf0.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Parameter sets of fixtures/media/h264-640x360-25fps.h264 and h265-640x360-25fps.h265 (libx264/libx265 output).
const H264_SPS = hex('6764001eacb405017fcb80880000030008000003019078b175');
const H264_PPS = hex('68ef3cb0');
const H265_VPS = hex('40010c01ffff01600000030090000003000003003fba0240');
const H265_SPS = hex('42010101600000030090000003000003003fa00502016965ba924caf016808000003000800000300c840');
const H265_PPS = hex('4401c172b46240');
// The records ffmpeg 5.1 writes for those streams (flvenc AVC sequence header body; hvcC box of `-c copy -tag:v hvc1` mp4).
const FFMPEG_AVCC = '0164001effe100196764001eacb405017fcb80880000030008000003019078b17501000468ef3cb0fdf8f800';
const FFMPEG_HVCC =
  '0101600000009000000000003ff000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003000003003fba0240a10001002a' +
  '42010101600000030090000003000003003fa00502016965ba924caf016808000003000800000300c840a2000100074401c172b46240';

const videoCases: { name: string; value: VideoTagBody; bytes: string }[] = [
  // FLV v10.1 E.4.3.1: FrameType 1 | CodecID 7, AVCPacketType 0, CompositionTime 0
  { name: 'AVC sequence header', value: { codec: 'avc', frameType: 1, packetType: 'sequenceStart', compositionTime: 0, data: hex(FFMPEG_AVCC) }, bytes: '17 00 000000' + FFMPEG_AVCC },
  { name: 'AVC key NALU', value: { codec: 'avc', frameType: 1, packetType: 'codedFrames', compositionTime: 0, data: hex('00000002 6588') }, bytes: '17 01 000000 00000002 6588' },
  { name: 'AVC inter NALU with B-frame composition time 80', value: { codec: 'avc', frameType: 2, packetType: 'codedFrames', compositionTime: 80, data: hex('00000001 41') }, bytes: '27 01 000050 00000001 41' },
  { name: 'AVC negative composition time', value: { codec: 'avc', frameType: 2, packetType: 'codedFrames', compositionTime: -1, data: hex('') }, bytes: '27 01 ffffff' },
  { name: 'AVC end of sequence', value: { codec: 'avc', frameType: 1, packetType: 'sequenceEnd', compositionTime: 0, data: hex('') }, bytes: '17 02 000000' },
  // Enhanced RTMP: IsExHeader | FrameType(3) | PacketType(4), FourCC 'hvc1'
  { name: 'HEVC SequenceStart', value: { codec: 'hvc1', frameType: 1, packetType: 'sequenceStart', compositionTime: 0, data: hex('0101') }, bytes: '90 68766331 0101' },
  { name: 'HEVC CodedFrames with composition time', value: { codec: 'hvc1', frameType: 2, packetType: 'codedFrames', compositionTime: 40, data: hex('00000001 02') }, bytes: 'a1 68766331 000028 00000001 02' },
  { name: 'HEVC CodedFramesX (composition time 0 left out)', value: { codec: 'hvc1', frameType: 1, packetType: 'codedFramesX', compositionTime: 0, data: hex('00000001 26') }, bytes: '93 68766331 00000001 26' },
  { name: 'HEVC SequenceEnd', value: { codec: 'hvc1', frameType: 1, packetType: 'sequenceEnd', compositionTime: 0, data: hex('') }, bytes: '92 68766331' },
];

describe('FLV video tag case table', () => {
  for (const c of videoCases) {
    it(`encodes ${c.name}`, () => expect(toHex(encodeVideoTag(c.value))).toBe(toHex(hex(c.bytes))));
    it(`decodes ${c.name}`, () => expect(decodeVideoTag(hex(c.bytes))).toEqual(c.value));
  }
  it('refuses a composition time outside SI24', () => {
    expect(() => encodeVideoTag({ codec: 'avc', frameType: 2, packetType: 'codedFrames', compositionTime: 0x800000, data: hex('') })).toThrow(FormatError);
  });
  it('refuses other codecs and FourCCs', () => {
    expect(() => decodeVideoTag(hex('12 00'))).toThrow(/CodecID 2/);
    expect(() => decodeVideoTag(hex('90 61763031'))).toThrow(/FourCC 'av01'/);
    expect(() => decodeVideoTag(hex('17 03 000000'))).toThrow(FormatError);
  });
});

const audioCases: { name: string; value: AudioTagBody; bytes: string }[] = [
  // E.4.2.1: SoundFormat(4) SoundRate(2) SoundSize(1) SoundType(1)
  { name: 'G.711 A-law 8 kHz mono', value: { ...audioHeaderFor('pcma'), data: hex('d5d5') }, bytes: '72 d5d5' },
  { name: 'G.711 µ-law 8 kHz mono', value: { ...audioHeaderFor('pcmu'), data: hex('ffff') }, bytes: '82 ffff' },
  { name: 'AAC sequence header (AudioSpecificConfig LC 8 kHz mono)', value: { ...audioHeaderFor('aac'), aacPacketType: 0, data: hex('1588') }, bytes: 'af 00 1588' },
  { name: 'AAC raw frame', value: { ...audioHeaderFor('aac'), aacPacketType: 1, data: hex('0102') }, bytes: 'af 01 0102' },
];

describe('FLV audio tag case table', () => {
  for (const c of audioCases) {
    it(`encodes ${c.name}`, () => expect(toHex(encodeAudioTag(c.value))).toBe(toHex(hex(c.bytes))));
    it(`decodes ${c.name}`, () => expect(decodeAudioTag(hex(c.bytes))).toEqual(c.value));
  }
  it('refuses an AACPacketType above 1', () => expect(() => decodeAudioTag(hex('af 02'))).toThrow(FormatError));
});

describe('decoder configuration records', () => {
  it('AVC record from SPS/PPS equals the one ffmpeg writes', () => {
    const h = avcSequenceHeader(H264_SPS, H264_PPS);
    expect(toHex(h.record)).toBe(FFMPEG_AVCC);
    expect([h.width, h.height]).toEqual([640, 360]);
  });
  it('AVC record round-trips', () => {
    const c = decodeAvcConfig(hex(FFMPEG_AVCC));
    expect(c).toMatchObject({ avcProfileIndication: 100, avcLevelIndication: 30, lengthSizeMinusOne: 3, highProfile: { chromaFormat: 1, bitDepthLumaMinus8: 0 } });
    expect(c.sequenceParameterSets).toEqual([H264_SPS]);
    expect(toHex(encodeAvcConfig(c))).toBe(FFMPEG_AVCC);
  });
  it('HEVC record from VPS/SPS/PPS equals the hvcC ffmpeg writes', () => {
    const h = hevcSequenceHeader(H265_VPS, H265_SPS, H265_PPS);
    expect(toHex(h.record)).toBe(FFMPEG_HVCC);
    expect([h.width, h.height]).toEqual([640, 360]);
  });
  it('HEVC record round-trips', () => {
    const c = decodeHevcConfig(hex(FFMPEG_HVCC));
    expect(c).toMatchObject({ generalProfileIdc: 1, generalLevelIdc: 63, numTemporalLayers: 1, temporalIdNested: true, lengthSizeMinusOne: 3 });
    expect(c.arrays.map((a) => a.nalUnitType)).toEqual([32, 33, 34]);
    expect(toHex(encodeHevcConfig(c))).toBe(FFMPEG_HVCC);
  });
  it('truncated records throw TruncatedError/FormatError only', () => {
    for (const [dec, bytes] of [[decodeAvcConfig, FFMPEG_AVCC], [decodeHevcConfig, FFMPEG_HVCC]] as const) {
      const b = hex(bytes);
      for (let n = 0; n < b.length - 4; n++) {
        try {
          dec(b.subarray(0, n));
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }
    }
  });
});

describe('onMetaData', () => {
  it('is @setDataFrame, onMetaData, ECMA array', () => {
    const b = encodeSetDataFrame({ width: 640, height: 360, videocodecid: 7, audiocodecid: 7, stereo: false, framerate: undefined });
    expect(decodeAmf0(b)).toEqual(['@setDataFrame', 'onMetaData', new Amf0EcmaArray({ width: 640, height: 360, videocodecid: 7, audiocodecid: 7, stereo: false })]);
    expect(toHex(b.subarray(0, 16))).toBe('02000d40736574446174614672616d65');
    expect(decodeOnMetaData(b)).toEqual({ width: 640, height: 360, videocodecid: 7, audiocodecid: 7, stereo: false });
  });
});

describe('length-prefixed NAL units', () => {
  it('case: two units', () => {
    expect(toHex(encodeLengthPrefixed([hex('6588'), hex('06')]))).toBe('00000002658800000001' + '06');
    expect(decodeLengthPrefixed(hex('00000002658800000001 06'))).toEqual([hex('6588'), hex('06')]);
  });
  it('round-trips', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), (units) => {
      expect(decodeLengthPrefixed(encodeLengthPrefixed(units)).map((u) => [...u])).toEqual(units.map((u) => [...u]));
    }));
  });
});

describe('tag decoders on random bytes', () => {
  it('throw only FormatError/TruncatedError', () => {
    const decoders = [decodeVideoTag, decodeAudioTag, decodeAvcConfig, decodeHevcConfig, decodeLengthPrefixed, decodeOnMetaData];
    fc.assert(
      fc.property(fc.constantFrom(...decoders), fc.uint8Array({ maxLength: 48 }), (dec, bytes) => {
        try {
          dec(bytes);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
