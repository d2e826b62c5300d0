import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, TruncatedError } from '@nvr-pusher/core/media';
import { encodeImkhHeader, imkhAudioCodec, imkhVideoCodec, isImkhHeader, parseImkhHeader, type ImkhHeader } from '../../src/format/imkh-header.js';

const base: ImkhHeader = {
  mediaVersion: 0x0101, deviceId: 0, systemFormat: 2, videoFormat: 0x0100, audioFormat: 0,
  audioChannels: 0, audioBitsPerSample: 0, audioSampleRate: 0, audioBitrate: 0, flag: 0, streamTag: 0,
};

// One table for both directions (decode(bytes) → value, encode(value) → bytes).
// prettier-ignore
const cases: { name: string; hex: string; value: ImkhHeader; video?: string; audio?: string }[] = [
  {
    name: 'standard H.264 in MPEG2-PS, no audio',
    hex: '494d4b48' + '0101' + '0000' + '0200' + '0001' + '0000' + '00' + '00' + '00000000' + '00000000' + '00' + '00' + '00'.repeat(14),
    value: base, video: 'h264',
  },
  {
    name: 'Hik H.264 with G.711 A-law 8 kHz mono 16 bit, 64 kbit/s',
    hex: '494d4b48' + '0201' + '0700' + '0200' + '0100' + '1171' + '01' + '10' + '401f0000' + '00fa0000' + '01' + '02' + '00'.repeat(14),
    value: { ...base, mediaVersion: 0x0102, deviceId: 7, videoFormat: 1, audioFormat: 0x7111, audioChannels: 1, audioBitsPerSample: 16, audioSampleRate: 8000, audioBitrate: 64000, flag: 1, streamTag: 2 },
    video: 'h264', audio: 'pcma',
  },
  {
    name: 'H.265 with G.711 µ-law',
    hex: '494d4b48' + '0101' + '0000' + '0200' + '0500' + '1071' + '01' + '10' + '401f0000' + '00000000' + '00' + '00' + '00'.repeat(14),
    value: { ...base, videoFormat: 5, audioFormat: 0x7110, audioChannels: 1, audioBitsPerSample: 16, audioSampleRate: 8000 },
    video: 'h265', audio: 'pcmu',
  },
  {
    name: 'MPEG4 video with AAC (codec not handled by the project)',
    hex: '494d4b48' + '0101' + '0000' + '0200' + '0300' + '0120' + '02' + '10' + '80bb0000' + '00000000' + '00' + '00' + '00'.repeat(14),
    value: { ...base, videoFormat: 3, audioFormat: 0x2001, audioChannels: 2, audioBitsPerSample: 16, audioSampleRate: 48000 },
    audio: 'aac',
  },
];

describe('IMKH header', () => {
  for (const c of cases) {
    it(`decodes: ${c.name}`, () => {
      const bytes = Buffer.from(c.hex, 'hex');
      expect(bytes.length).toBe(40);
      expect(isImkhHeader(bytes)).toBe(true);
      const h = parseImkhHeader(bytes);
      expect(h).toEqual(c.value);
      expect(imkhVideoCodec(h)).toBe(c.video);
      expect(imkhAudioCodec(h)).toBe(c.audio);
    });
    it(`encodes: ${c.name}`, () => {
      expect(Buffer.from(encodeImkhHeader(c.value)).toString('hex')).toBe(c.hex);
    });
  }

  it('reads only the first 40 bytes of a longer callback buffer', () => {
    const bytes = Buffer.concat([Buffer.from(cases[1]!.hex, 'hex'), Buffer.from('000001ba', 'hex')]);
    expect(parseImkhHeader(bytes)).toEqual(cases[1]!.value);
  });

  it('refuses bytes without the magic with a FormatError naming the fourcc', () => {
    const bytes = Buffer.from(cases[0]!.hex, 'hex');
    bytes.write('HKMI', 0, 'latin1');
    expect(isImkhHeader(bytes)).toBe(false);
    expect(() => parseImkhHeader(bytes)).toThrow(FormatError);
    expect(() => parseImkhHeader(bytes)).toThrow(/not "IMKH"/);
    expect(() => parseImkhHeader(Buffer.from('000001ba', 'hex'))).toThrow(/not "IMKH"/);
  });

  it('refuses a truncated header with a TruncatedError', () => {
    const bytes = Buffer.from(cases[0]!.hex, 'hex');
    for (const n of [0, 3, 20, 39]) expect(() => parseImkhHeader(bytes.subarray(0, n))).toThrow(TruncatedError);
  });

  it('random bytes only ever throw FormatError/TruncatedError; encode → decode is the identity', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      try {
        parseImkhHeader(b);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }));
    const u16 = fc.integer({ min: 0, max: 0xffff }), u8 = fc.integer({ min: 0, max: 0xff }), u32 = fc.nat({ max: 0xffffffff });
    fc.assert(fc.property(fc.record({
      mediaVersion: u16, deviceId: u16, systemFormat: u16, videoFormat: u16, audioFormat: u16, audioChannels: u8,
      audioBitsPerSample: u8, audioSampleRate: u32, audioBitrate: u32, flag: u8, streamTag: u8,
    }), (h) => { expect(parseImkhHeader(encodeImkhHeader(h))).toEqual(h); }));
  });
});
