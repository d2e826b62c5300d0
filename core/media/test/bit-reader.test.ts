import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BitReader, FormatError, TruncatedError, unescapeRbsp } from '../index.js';
import { escapeRbsp } from './bit-writer.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('BitReader', () => {
  // Exp-Golomb code words from ITU-T H.264 Table 9-2 / 9-3.
  const cases: { name: string; bytes: string; read: (r: BitReader) => number[]; value: number[] }[] = [
    { name: 'u(n) across byte boundaries', bytes: 'a5 0f', read: (r) => [r.bits(3), r.bits(7), r.bits(6)], value: [5, 0x14, 0x0f] },
    { name: 'u(32)', bytes: 'ff ff ff fe', read: (r) => [r.bits(32)], value: [0xfffffffe] },
    { name: 'ue 0,1,2,3', bytes: 'a6 40', read: (r) => [r.ue(), r.ue(), r.ue(), r.ue()], value: [0, 1, 2, 3] },
    // 0000000 1 0000000 1 → codeNum 2^7 - 1 + 0 = 127; then 1 → 0
    { name: 'ue 127 then 0', bytes: '01 01', read: (r) => [r.ue(), r.ue()], value: [127, 0] },
    { name: 'se 0,1,-1,2,-2', bytes: 'a6 42 80', read: (r) => [r.se(), r.se(), r.se(), r.se(), r.se()], value: [0, 1, -1, 2, -2] },
    { name: 'ue with 31 leading zeros = 2^31-1+x', bytes: '00 00 00 01 00 00 00 00', read: (r) => [r.ue()], value: [2 ** 31 - 1] },
  ];
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      expect(c.read(new BitReader(hex(c.bytes)))).toEqual(c.value);
    });
  }

  const failures: { name: string; bytes: string; read: (r: BitReader) => unknown; error: new (...args: never[]) => Error }[] = [
    { name: 'u(9) of one byte', bytes: 'ff', read: (r) => r.bits(9), error: TruncatedError },
    { name: 'ue prefix running off the end', bytes: '00', read: (r) => r.ue(), error: TruncatedError },
    { name: 'ue suffix running off the end', bytes: '02', read: (r) => r.ue(), error: TruncatedError },
    { name: 'ue with 32 leading zeros', bytes: '00 00 00 00 ff ff ff ff ff', read: (r) => r.ue(), error: FormatError },
    { name: 'flag of nothing', bytes: '', read: (r) => r.flag(), error: TruncatedError },
  ];
  for (const c of failures) {
    it(`throws ${c.error.name} on ${c.name}`, () => {
      expect(() => c.read(new BitReader(hex(c.bytes), 'test'))).toThrow(c.error);
    });
  }

  it('moreRbspData stops at the rbsp_stop_one_bit', () => {
    const r = new BitReader(hex('a0 00')); // 1 0 1(stop) 00000 00000000
    expect(r.moreRbspData()).toBe(true);
    r.skip(2);
    expect(r.moreRbspData()).toBe(false);
    expect(new BitReader(hex('00 00')).moreRbspData()).toBe(false);
  });

  it('random bytes and reads throw only FormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), (bytes, ops) => {
        const r = new BitReader(bytes);
        try {
          for (const op of ops) [() => r.bit(), () => r.bits(13), () => r.ue(), () => r.se()][op]!();
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
    );
  });
});

describe('unescapeRbsp', () => {
  const cases = [
    { name: 'no emulation prevention: same object', bytes: '67 42 00 1e', value: '67 42 00 1e' },
    { name: 'one 0x03 removed', bytes: '00 00 03 01', value: '00 00 01' },
    { name: 'two in a row', bytes: '00 00 03 00 00 03 00', value: '00 00 00 00 00' },
    { name: 'trailing 0x03 removed', bytes: '11 00 00 03', value: '11 00 00' },
    { name: '0x03 after a single zero kept', bytes: '00 03 00 00 03 03', value: '00 03 00 00 03' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const input = hex(c.bytes);
      const out = unescapeRbsp(input);
      expect(Buffer.from(out).toString('hex')).toBe(c.value.replace(/ /g, ''));
      if (c.bytes === c.value) expect(out).toBe(input);
    });
  }

  it('inverts escaping of arbitrary RBSP bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }).map((a) => a.map((b) => (b < 128 ? b & 3 : b))), (rbsp) => {
        expect(Array.from(unescapeRbsp(escapeRbsp(rbsp)))).toEqual(Array.from(rbsp));
      }),
    );
  });
});
