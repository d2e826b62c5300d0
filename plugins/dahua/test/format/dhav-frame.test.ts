import { describe, expect, it } from 'vitest';
import { FormatError, TruncatedError } from '@nvr-pusher/core/media';
import { decodeDhavExtensions, decodeDhavFrame, encodeDhavExtensions, encodeDhavFrame, packDhavDate, unpackDhavDate, type DhavExtInfo, type DhavFrame } from '../../src/format/index.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

// One case table drives decode(bytes) → value and encode(value) → bytes.
// prettier-ignore
const frameCases: { name: string; bytes: Uint8Array; value: DhavFrame }[] = [
  {
    name: 'key frame with 0x82 size and 0x81 codec extensions, 5-byte H.264 payload',
    bytes: hex(
      '44484156' + 'fd' + '00' + '01' + '00' + '07000000' + '31000000' + // DHAV, type FD, subtype, ch 1, sub 0, frame 7, len 49
      '05a4441e' + '3412' + '0c' + 'b6' +                                // date, ts 0x1234, ext 12, checksum
      '820000004001f000' + '8100021e' +                                  // 0x82 320x240, 0x81 H.264 30 fps
      '0000000165' +                                                     // payload
      '64686176' + '31000000'),                                          // dhav, len
    value: {
      type: 0xfd, subtype: 0, channel: 1, subNumber: 0, frameNumber: 7, date: 0x1e44a405, timestamp: 0x1234, checksum: 0xb6,
      extensions: hex('820000004001f000 8100021e'), payload: hex('0000000165'),
    },
  },
  {
    name: 'audio frame with 0x83 (mono A-law 8 kHz) and no payload',
    bytes: hex('44484156 f0 00 00 00 01000000 24000000 00000000 ffff 04 3a 83010e00 64686176 24000000'),
    value: { type: 0xf0, subtype: 0, channel: 0, subNumber: 0, frameNumber: 1, date: 0, timestamp: 0xffff, checksum: 0x3a, extensions: hex('83010e00'), payload: new Uint8Array(0) },
  },
];

describe('DHAV frame (docs/vendor/dahua-sdk.md §7)', () => {
  for (const c of frameCases) {
    it(`decodes: ${c.name}`, () => {
      expect(decodeDhavFrame(c.bytes)).toEqual(c.value);
    });
    it(`encodes: ${c.name}`, () => {
      expect(Buffer.from(encodeDhavFrame(c.value)).toString('hex')).toBe(Buffer.from(c.bytes).toString('hex'));
    });
  }

  const valid = frameCases[0]!.bytes;
  const invalid: { name: string; bytes: Uint8Array; error: new (...a: any[]) => Error }[] = [
    { name: 'empty', bytes: new Uint8Array(0), error: TruncatedError },
    { name: 'header cut at 23 bytes', bytes: valid.subarray(0, 23), error: TruncatedError },
    { name: 'frame cut before the trailer', bytes: valid.subarray(0, valid.length - 3), error: TruncatedError },
    { name: 'wrong magic', bytes: Uint8Array.from([0x44, 0x48, 0x41, 0x57, ...valid.subarray(4)]), error: FormatError },
    { name: 'length below header + ext + trailer', bytes: (() => { const b = valid.slice(); b[12] = 20; return b; })(), error: FormatError },
    { name: 'trailer magic corrupted', bytes: (() => { const b = valid.slice(); b[b.length - 8] = 0; return b; })(), error: FormatError },
    { name: 'trailer length differs', bytes: (() => { const b = valid.slice(); b[b.length - 4] = 0x30; return b; })(), error: FormatError },
    { name: 'bytes after the frame', bytes: Uint8Array.from([...valid, 0]), error: FormatError },
    { name: 'length over the limit', bytes: (() => { const b = valid.slice(); b[15] = 0x7f; return b; })(), error: FormatError },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name} with ${c.error.name}`, () => {
      expect(() => decodeDhavFrame(c.bytes)).toThrow(c.error);
    });
  }

  it('packs and unpacks the date field (sec 0–5, min 6–11, hour 12–16, day 17–21, month 22–25, year−2000 26–31)', () => {
    const parts = { year: 2024, month: 5, day: 6, hour: 23, minute: 59, second: 58 };
    const v = packDhavDate(parts);
    expect(v >>> 26).toBe(24);
    expect(v & 0x3f).toBe(58);
    expect(unpackDhavDate(v)).toEqual(parts);
  });
});

// prettier-ignore
const extCases: { name: string; bytes: Uint8Array; value: DhavExtInfo }[] = [
  { name: 'video size + codec/rate', bytes: hex('820000004001f000 81000c19'), value: { width: 320, height: 240, videoCodec: 0x0c, frameRate: 25 } },
  { name: 'audio A-law 8 kHz mono', bytes: hex('83010e00'), value: { audioChannels: 1, audioCodec: 0x0e, sampleRate: 8000 } },
  { name: 'audio AAC 16 kHz stereo', bytes: hex('83021a04'), value: { audioChannels: 2, audioCodec: 0x1a, sampleRate: 16000 } },
];

describe('DHAV extension fields', () => {
  for (const c of extCases) {
    it(`decodes and encodes ${c.name}`, () => {
      expect(decodeDhavExtensions(c.bytes)).toEqual(c.value);
      expect(Buffer.from(encodeDhavExtensions(c.value)).toString('hex')).toBe(Buffer.from(c.bytes).toString('hex'));
    });
  }
  it('reads 0x80 (size / 8) and 0x8C audio, skips known 4/8-byte tags, stops at an unknown tag', () => {
    expect(decodeDhavExtensions(hex('80002822 84000000 88 00000000000000 8c0001 0e 09 000000 ee 01 02'.replace(/ /g, '')))).toEqual({
      width: 320, height: 272, audioChannels: 1, audioCodec: 0x0e, sampleRate: 48000,
    });
  });
  it('throws TruncatedError for a field cut short', () => {
    expect(() => decodeDhavExtensions(hex('820000004001'))).toThrow(TruncatedError);
  });
});
