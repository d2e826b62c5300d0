import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, MAX_PES_PAYLOAD, TruncatedError, decodePes, encodePes, type PesPacket } from '../index.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const plain = (p: PesPacket): object => ({ ...p, payload: Buffer.from(p.payload).toString('hex') });

// ISO/IEC 13818-1 Table 2-21. PTS 0x1_2345_6789 = '0011' 1 001 … worked out by hand per field below.
const cases = [
  {
    name: 'video, PTS only (90000 = 1 s)',
    // 000001 e0 | len 000d | 84 (10, aligned) 80 (PTS) 05 | 21 0005 bf21 (PTS 90000 = 0x15f90) | payload
    bytes: '000001e0 000d 84 80 05 21 0005 bf21 00000001 09',
    value: { streamId: 0xe0, pts: 90000, dataAlignmentIndicator: true, payload: '0000000109' },
  },
  {
    name: 'video, PTS and DTS, 33-bit PTS near the wrap',
    // PTS 2^33-1: '0011' 111 1 | ff | ff | ff | ff ; DTS 2^33-3600: '0001' 111 1 | ff | ff | f1 | ..
    bytes: '000001e0 000f 84 c0 0a 3f ffff ffff 1f ffff e3 df aa bb',
    value: { streamId: 0xe0, pts: 2 ** 33 - 1, dts: 2 ** 33 - 1 - 3600, dataAlignmentIndicator: true, payload: 'aabb' },
  },
  {
    name: 'continuation PES: no PTS',
    bytes: '000001e0 0006 80 00 00 1234 56',
    value: { streamId: 0xe0, dataAlignmentIndicator: false, payload: '123456' },
  },
  {
    name: 'audio with PTS 0',
    bytes: '000001c0 000a 84 80 05 21 0001 0001 d5d5',
    value: { streamId: 0xc0, pts: 0, dataAlignmentIndicator: true, payload: 'd5d5' },
  },
];

describe('PES packet (ISO/IEC 13818-1 Table 2-21)', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => expect(plain(decodePes(hex(c.bytes)))).toEqual(c.value));
    it(`encodes ${c.name}`, () => {
      const { payload, ...rest } = c.value;
      expect(Buffer.from(encodePes({ ...rest, payload: hex(payload) })).toString('hex')).toBe(c.bytes.replace(/\s+/g, ''));
    });
  }

  const decodeOnly = [
    { name: 'padding stream: no header', bytes: '000001be 0003 ffffff', value: { streamId: 0xbe, payload: 'ffffff' } },
    { name: 'MPEG-1 PES with stuffing, STD buffer and PTS', bytes: '000001e0 000b ffff 4000 21 0005 bf21 0102', value: { streamId: 0xe0, pts: 90000, payload: '0102' } },
    { name: 'MPEG-1 PES without timestamps', bytes: '000001c0 0003 0f 0102', value: { streamId: 0xc0, payload: '0102' } },
  ];
  for (const c of decodeOnly) it(`decodes ${c.name}`, () => expect(plain(decodePes(hex(c.bytes)))).toEqual(c.value));

  const bad = [
    { name: 'shorter than its PES_packet_length', bytes: '000001e0 0010 8080 05 21', error: TruncatedError },
    { name: 'PES_header_data_length past the end', bytes: '000001e0 0004 80 80 09 00', error: TruncatedError },
    { name: 'PTS_DTS_flags 01', bytes: '000001e0 0003 80 40 00', error: FormatError },
    { name: 'PTS marker bit cleared', bytes: '000001e0 0008 80 80 05 20 0005 bf21', error: FormatError },
    { name: 'header too short for the PTS', bytes: '000001e0 0006 80 80 02 21 0005', error: FormatError },
    { name: 'no start code', bytes: '000002e0 0003 800000', error: FormatError },
    { name: 'stream_id below 0xBC', bytes: '000001ba 0003 800000', error: FormatError },
    { name: 'PES_packet_length 0', bytes: '000001e0 0000', error: FormatError },
    { name: 'MPEG-1 STD_buffer fields with nothing after', bytes: '000001e0 0002 5f 00', error: TruncatedError },
    { name: 'bad MPEG-1 header byte', bytes: '000001e0 0002 1f 00', error: FormatError },
    { name: 'MPEG-1: 17 stuffing bytes', bytes: '000001e0 0012' + 'ff'.repeat(17) + '0f', error: FormatError },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.error.name}`, () => expect(() => decodePes(hex(c.bytes))).toThrow(c.error));
  }

  it(`refuses to encode a payload past PES_packet_length 65535 (MAX_PES_PAYLOAD ${MAX_PES_PAYLOAD} fits)`, () => {
    expect(() => encodePes({ streamId: 0xe0, pts: 1, dts: 0, payload: new Uint8Array(MAX_PES_PAYLOAD) })).not.toThrow();
    expect(() => encodePes({ streamId: 0xe0, payload: new Uint8Array(0xffff) })).toThrow(/65535/);
  });

  it('decode(encode(x)) = x for random packets', () => {
    const ts = fc.integer({ min: 0, max: 2 ** 33 - 1 });
    fc.assert(
      fc.property(fc.integer({ min: 0xc0, max: 0xef }), fc.option(fc.tuple(ts, fc.option(ts, { nil: undefined })), { nil: undefined }), fc.boolean(), fc.uint8Array({ maxLength: 300 }), (streamId, t, aligned, payload) => {
        const p = { streamId, pts: t?.[0], dts: t?.[1], dataAlignmentIndicator: aligned, payload };
        const d = decodePes(encodePes(p));
        expect(d.pts).toBe(p.pts);
        expect(d.dts).toBe(p.dts === p.pts ? undefined : p.dts);
        expect(d.dataAlignmentIndicator).toBe(aligned);
        expect(Array.from(d.payload)).toEqual(Array.from(payload));
      }),
    );
  });

  it('random bytes throw only FormatError/TruncatedError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0xbc, max: 0xff }), fc.uint8Array({ maxLength: 40 }), (id, body) => {
        const buf = Uint8Array.from([0, 0, 1, id, 0, body.length, ...body]);
        try {
          decodePes(buf);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
