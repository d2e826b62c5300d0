import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinAnnexB, splitAnnexB } from '../annexb.js';

/** The obvious byte-by-byte scan, as the reference for the skipping one. */
function naiveSplit(buf: Uint8Array): string[] {
  const out: string[] = [];
  let start = -1;
  const push = (to: number) => {
    while (to > start && buf[to - 1] === 0) to--;
    if (to > start) out.push(Buffer.from(buf.subarray(start, to)).toString('hex'));
  };
  for (let i = 0; i + 2 < buf.length; i++) {
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 1) {
      if (start >= 0) push(i);
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0 && start < buf.length) push(buf.length);
  return out;
}

const hex = (units: Uint8Array[]) => units.map((u) => Buffer.from(u).toString('hex'));

describe('splitAnnexB', () => {
  it.each([
    ['4-byte start codes', '00000001 6742 00000001 68ce 00000001 6588', ['6742', '68ce', '6588']],
    ['3-byte start codes', '000001 6742 000001 68', ['6742', '68']],
    ['trailing zeros trimmed', '00000001 674200 0000 000001 68', ['6742', '68']],
    ['leading junk ignored', 'ff 000001 65', ['65']],
    ['no start code', '6742ce', []],
    ['start code at the very end', '000001 65 000001', ['65']],
  ])('%s', (_n, h, want) => {
    expect(hex(splitAnnexB(Buffer.from(h.replace(/ /g, ''), 'hex')))).toEqual(want);
  });

  it('equals the byte-by-byte scan on random bytes rich in 00 and 01', () => {
    const bytes = fc.array(fc.constantFrom(0, 0, 0, 1, 2, 3, 0x65, 0xff), { maxLength: 64 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(bytes, (b) => {
      expect(hex(splitAnnexB(b))).toEqual(naiveSplit(b));
    }), { numRuns: 2000 });
  });

  it('joinAnnexB then splitAnnexB gives the units back', () => {
    const unit = fc.uint8Array({ minLength: 1, maxLength: 20 }).filter((u) => u[0] !== 0 && u[u.length - 1] !== 0 && !Buffer.from(u).includes(Buffer.from([0, 0])));
    fc.assert(fc.property(fc.array(unit, { maxLength: 6 }), (units) => {
      expect(hex(splitAnnexB(joinAnnexB(units)))).toEqual(hex(units));
    }));
  });
});
