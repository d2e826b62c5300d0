import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError, TruncatedError } from '@nvr-pusher/core/media';
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, MAX_AMF0_DEPTH, type Amf0Value } from '../../src/format/amf0.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// One table for both directions (AMF0 spec §2): value ↔ bytes.
const cases: { name: string; value: Amf0Value; bytes: string }[] = [
  { name: 'number 1', value: 1, bytes: '00 3ff0000000000000' },
  { name: 'number -0.5', value: -0.5, bytes: '00 bfe0000000000000' },
  { name: 'boolean true', value: true, bytes: '01 01' },
  { name: 'boolean false', value: false, bytes: '01 00' },
  { name: 'string', value: 'connect', bytes: '02 0007 636f6e6e656374' },
  { name: 'empty string', value: '', bytes: '02 0000' },
  { name: 'utf-8 string', value: 'é', bytes: '02 0002 c3a9' },
  { name: 'null', value: null, bytes: '05' },
  { name: 'undefined', value: undefined, bytes: '06' },
  { name: 'object', value: { app: 'live', n: 1 }, bytes: '03 0003 617070 02 0004 6c697665 0001 6e 00 3ff0000000000000 000009' },
  { name: 'empty object', value: {}, bytes: '03 000009' },
  { name: 'ECMA array', value: new Amf0EcmaArray({ width: 640 }), bytes: '08 00000001 0005 7769647468 00 4084000000000000 000009' },
  { name: 'strict array', value: [1, 'a'], bytes: '0a 00000002 00 3ff0000000000000 02 0001 61' },
  { name: 'nested', value: { o: { b: true } }, bytes: '03 0001 6f 03 0001 62 01 01 000009 000009' },
];

describe('AMF0 case table', () => {
  for (const c of cases) {
    it(`encodes ${c.name}`, () => expect(Buffer.from(encodeAmf0(c.value)).toString('hex')).toBe(hex(c.bytes).toString('hex')));
    it(`decodes ${c.name}`, () => expect(decodeAmf0(hex(c.bytes))).toEqual([c.value]));
  }

  it('encodes a command as consecutive values', () => {
    expect(Buffer.from(encodeAmf0('_result', 1, null)).toString('hex')).toBe('02000' + '75f726573756c74' + '003ff0000000000000' + '05');
  });

  it('uses long string (0x0c) beyond 65535 bytes and reads it back', () => {
    const s = 'x'.repeat(70_000);
    const b = encodeAmf0(s);
    expect(b[0]).toBe(0x0c);
    expect(decodeAmf0(b)).toEqual([s]);
  });

  it('decodes a date as its millisecond number', () => {
    expect(decodeAmf0(hex('0b 3ff0000000000000 0000'))).toEqual([1]);
  });

  it('keeps a "__proto__" key as data', () => {
    const v = decodeAmf0(hex('03 0009 5f5f70726f746f5f5f 01 01 000009'))[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});

describe('AMF0 errors', () => {
  it('refuses an unsupported marker with FormatError naming it', () => {
    expect(() => decodeAmf0(hex('0d'))).toThrow(/unsupported type marker 0x0d/);
  });
  it('throws TruncatedError for a cut number', () => {
    expect(() => decodeAmf0(hex('00 3ff000'))).toThrow(TruncatedError);
  });
  it('throws TruncatedError for an unterminated object', () => {
    expect(() => decodeAmf0(hex('03 0001 61 01 01'))).toThrow(TruncatedError);
  });
  it('refuses a strict array longer than the bytes left', () => {
    expect(() => decodeAmf0(hex('0a ffffffff 05'))).toThrow(FormatError);
  });
  it(`refuses nesting deeper than MAX_AMF0_DEPTH (${MAX_AMF0_DEPTH}), both ways`, () => {
    const deep = Buffer.concat([...Array(MAX_AMF0_DEPTH + 2)].map(() => hex('0a 00000001')).concat([hex('05')]));
    expect(() => decodeAmf0(deep)).toThrow(/nesting depth/);
    let v: Amf0Value = null;
    for (let i = 0; i < MAX_AMF0_DEPTH + 2; i++) v = [v];
    expect(() => encodeAmf0(v)).toThrow(/nesting deeper/);
  });
  it('random bytes throw only FormatError/TruncatedError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeAmf0(bytes);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('random bytes after a valid prefix throw only FormatError/TruncatedError', () => {
    const seeds = cases.map((c) => hex(c.bytes));
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), fc.uint8Array({ maxLength: 16 }), (seed, cut, tail) => {
        const b = Buffer.concat([seed.subarray(0, cut % (seed.length + 1)), tail]);
        try {
          decodeAmf0(b);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('AMF0 round trip', () => {
  const key = fc.string({ maxLength: 8 }).filter((k) => k !== '');
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.string({ maxLength: 20 }),
      fc.constant(null),
      fc.constant(undefined),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }).map((d) => new Amf0EcmaArray(d as Record<string, Amf0Value>)),
      fc.array(tie('value'), { maxLength: 4 }),
    ),
  }));
  it('decode(encode(x)) equals x', () => {
    fc.assert(fc.property(value, (v) => { expect(decodeAmf0(encodeAmf0(v as Amf0Value))).toEqual([v]); }), { numRuns: 500 });
  });
});
