import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FormatError, TIMESTAMP_WRAP, TimestampUnwrapper, TruncatedError, crc32Mpeg, decodeAdtsFrame, decodePackHeader,
  decodeProgramStreamMap, decodeSystemHeader, encodeAdtsFrame, encodePackHeader, encodeProgramStreamMap,
  encodeSystemHeader, packHeaderSize,
} from '../index.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('pack header (ISO/IEC 13818-1 Table 2-38)', () => {
  // SCR 90000: SCR[32..30]=0, [29..15]=2, [14..0]=0x5f90.
  const cases = [
    { name: 'MPEG-2, SCR 90000, mux rate 0x3fff', bytes: '000001ba 44 00 16 fc 84 01 00 ff ff f8', scr: 90000, rate: 0x3fff },
    { name: 'MPEG-2, SCR 2^33-1', bytes: '000001ba 7f ff ff ff fc 01 00 ff ff f8', scr: 2 ** 33 - 1, rate: 0x3fff },
  ];
  for (const c of cases) {
    it(`encodes ${c.name}`, () => expect(toHex(encodePackHeader(c.scr, c.rate))).toBe(c.bytes.replace(/\s+/g, '')));
    it(`decodes ${c.name}`, () => {
      expect(decodePackHeader(hex(c.bytes))).toEqual({ systemClockReferenceBase: c.scr, systemClockReferenceExtension: 0, programMuxRate: c.rate, mpeg1: false, size: 14 });
    });
  }
  it('decodes an MPEG-1 pack header (ISO/IEC 11172-1)', () => {
    // '0010' SCR 90000 → 21 0005 bf21, then marker+mux_rate 0x1234 + marker
    expect(decodePackHeader(hex('000001ba 21 0005 bf21 80 24 69'))).toEqual({
      systemClockReferenceBase: 90000, systemClockReferenceExtension: 0, programMuxRate: 0x1234, mpeg1: true, size: 12,
    });
  });
  it('counts pack_stuffing_length (Hikvision writes 0xfe: 6 stuffing bytes)', () => {
    const b = hex('000001ba 44 00 16 fc 84 01 00 ff ff fe ffffffffffff');
    expect(packHeaderSize(b)).toBe(20);
    expect(decodePackHeader(b).size).toBe(20);
    expect(packHeaderSize(b.subarray(0, 13))).toBeUndefined();
  });
  const bad = [
    { name: 'neither MPEG-1 nor MPEG-2', bytes: '000001ba 04 00 14 fc 84 01 00 ff ff f8', error: FormatError },
    { name: 'cleared marker bit', bytes: '000001ba 40 00 14 fc 84 01 00 ff ff f8', error: FormatError },
    { name: 'stuffing cut off', bytes: '000001ba 44 00 16 fc 84 01 00 ff ff fa ff', error: TruncatedError },
    { name: 'not a pack start code', bytes: '000001bb 44 00 14 fc 84 01 00 ff ff f8', error: FormatError },
  ];
  for (const c of bad) it(`rejects ${c.name}`, () => expect(() => decodePackHeader(hex(c.bytes))).toThrow(c.error));
  it('decode(encode(scr)) = scr', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 33 - 1 }), fc.integer({ min: 1, max: 0x3fffff }), (scr, rate) => {
      expect(decodePackHeader(encodePackHeader(scr, rate))).toMatchObject({ systemClockReferenceBase: scr, programMuxRate: rate });
    }));
  });
});

describe('system header (Table 2-40)', () => {
  const value = {
    rateBound: 0x3fff, audioBound: 1, videoBound: 1,
    streams: [{ streamId: 0xe0, bufferBoundScale: 1, bufferSizeBound: 1024 }, { streamId: 0xc0, bufferBoundScale: 0, bufferSizeBound: 64 }],
  };
  const bytes = '000001bb 000c 80 7f ff 04 e1 7f e0 e4 00 c0 c0 40';
  it('encodes', () => expect(toHex(encodeSystemHeader(value))).toBe(bytes.replace(/\s+/g, '')));
  it('decodes', () => expect(decodeSystemHeader(hex(bytes))).toEqual(value));
  it('rejects a stream entry without its leading 1 bit', () => {
    expect(() => decodeSystemHeader(hex('000001bb 0009 80 7f ff 04 e1 7f 60 e4 00'))).toThrow(FormatError);
  });
  it('rejects a header_length past the end', () => {
    expect(() => decodeSystemHeader(hex('000001bb 0010 80 7f ff 04 e1 7f'))).toThrow(TruncatedError);
  });
});

describe('program stream map (Table 2-41)', () => {
  it('CRC-32/MPEG-2 check value of "123456789" is 0x0376E6E7', () => {
    expect(crc32Mpeg(new TextEncoder().encode('123456789'))).toBe(0x0376e6e7);
  });
  const value = { version: 1, streams: [{ streamType: 0x1b, elementaryStreamId: 0xe0 }, { streamType: 0x90, elementaryStreamId: 0xc0 }] };
  const bytes = '000001bc 0012 81 01 0000 0008 1be0 0000 90c0 0000';
  it('encodes with a CRC over the whole map', () => {
    const out = encodeProgramStreamMap(value);
    expect(toHex(out.subarray(0, out.length - 4))).toBe(bytes.replace(/\s+/g, ''));
    expect(crc32Mpeg(out)).toBe(0); // the CRC makes the register end at zero (Annex A)
  });
  it('decodes, keeping vendor descriptors undecoded', () => {
    // A Hikvision-style map: a private 0x40 descriptor in program_stream_info and per stream.
    const psm = hex('000001bc 0022 e0 ff 0006 400448 4b01 00 0012 1be0 0006 420412345678 90c0 0004 43020102 00000000');
    expect(decodeProgramStreamMap(psm)).toEqual({
      currentNextIndicator: true, programStreamMapVersion: 0, programStreamInfo: hex('4004484b0100'),
      streams: [
        { streamType: 0x1b, elementaryStreamId: 0xe0, descriptors: hex('420412345678') },
        { streamType: 0x90, elementaryStreamId: 0xc0, descriptors: hex('43020102') },
      ],
    });
  });
  const bad = [
    { name: 'program_stream_info_length past the map', bytes: '000001bc 000a 80 01 0040 0000 00000000', error: FormatError },
    { name: 'elementary_stream_map_length past the map', bytes: '000001bc 000a 80 01 0000 0010 00000000', error: FormatError },
    { name: 'elementary_stream_info_length past the map', bytes: '000001bc 000e 80 01 0000 0004 1be0 0009 00000000', error: FormatError },
    { name: 'a half stream entry', bytes: '000001bc 000d 80 01 0000 0003 1be000 00000000', error: TruncatedError },
    { name: 'shorter than its length', bytes: '000001bc 0020 80 01 0000 0000', error: TruncatedError },
  ];
  for (const c of bad) it(`rejects ${c.name}`, () => expect(() => decodeProgramStreamMap(hex(c.bytes))).toThrow(c.error));
  it('random bytes throw only FormatError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (body) => {
      try {
        decodeProgramStreamMap(Uint8Array.from([0, 0, 1, 0xbc, 0, body.length, ...body]));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }), { numRuns: 2000 });
  });
});

describe('ADTS (ISO/IEC 14496-3 §1.A.2.2)', () => {
  // AAC-LC, 8000 Hz (index 11), mono: AudioSpecificConfig 0x15 0x88.
  const frame = 'fff1 6c 40 01 bf fc 1122334455 66';
  it('decodes header fields and the raw block', () => {
    const f = decodeAdtsFrame(hex(frame + 'fff1'));
    expect({ ...f, config: toHex(f.config), raw: toHex(f.raw) }).toEqual({ config: '1588', sampleRate: 8000, channels: 1, samples: 1024, raw: '112233445566', size: 13 });
  });
  it('encodes what it decodes', () => expect(toHex(encodeAdtsFrame(hex('1588'), hex('112233445566')))).toBe(frame.replace(/\s+/g, '')));
  it('skips the CRC when protection_absent is 0', () => {
    expect(toHex(decodeAdtsFrame(hex('fff0 6c 40 01 ff fc abcd 1122334455 66')).raw)).toBe('112233445566');
  });
  const bad = [
    { name: 'no syncword', bytes: 'fef1 6c 40 0d ff fc', error: FormatError },
    { name: 'reserved sampling index 13', bytes: 'fff1 74 40 01 bf fc 1122334455 66', error: FormatError },
    { name: 'frame longer than the data', bytes: 'fff1 6c 40 01 bf fc 1122', error: TruncatedError },
    { name: 'aac_frame_length below the header', bytes: 'fff1 6c 40 00 bf fc', error: FormatError },
  ];
  for (const c of bad) it(`rejects ${c.name}`, () => expect(() => decodeAdtsFrame(hex(c.bytes))).toThrow(c.error));
});

describe('TimestampUnwrapper (33-bit PTS/DTS)', () => {
  const cases = [
    { name: 'plain increasing', raw: [0, 3600, 7200], value: [0, 3600, 7200] },
    { name: 'forward wrap', raw: [TIMESTAMP_WRAP - 3600, 0, 3600], value: [TIMESTAMP_WRAP - 3600, TIMESTAMP_WRAP, TIMESTAMP_WRAP + 3600] },
    { name: 'B-frame step back across the wrap', raw: [TIMESTAMP_WRAP - 1800, 1800, TIMESTAMP_WRAP - 900], value: [TIMESTAMP_WRAP - 1800, TIMESTAMP_WRAP + 1800, TIMESTAMP_WRAP - 900] },
    { name: 'two wraps', raw: [TIMESTAMP_WRAP - 10, 10, TIMESTAMP_WRAP / 2, TIMESTAMP_WRAP - 10, 10], value: [TIMESTAMP_WRAP - 10, TIMESTAMP_WRAP + 10, TIMESTAMP_WRAP * 1.5, 2 * TIMESTAMP_WRAP - 10, 2 * TIMESTAMP_WRAP + 10] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const u = new TimestampUnwrapper();
      expect(c.raw.map((r) => u.unwrap(r))).toEqual(c.value);
    });
  }
});

describe('header decoders on random bytes', () => {
  const decoders: [string, number, (b: Uint8Array) => unknown][] = [
    ['pack header', 0xba, decodePackHeader],
    ['system header', 0xbb, decodeSystemHeader],
  ];
  for (const [name, id, decode] of decoders) {
    it(`${name}: only FormatError/TruncatedError`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 30 }), (body) => {
        try {
          decode(Uint8Array.from([0, 0, 1, id, ...body]));
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }), { numRuns: 2000 });
    });
  }
  it('ADTS: only FormatError/TruncatedError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 30 }), (body) => {
      try {
        decodeAdtsFrame(Uint8Array.from([0xff, 0xf1, ...body]));
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
      }
    }), { numRuns: 2000 });
  });
});
