import { describe, expect, it } from 'vitest';
import { decodeHikRaw, encodeHikRawRecord, hikRawToStream, type HikRawRecord } from '../../src/format/hikraw-capture.js';

// prettier-ignore
const cases: { name: string; hex: string; records: HikRawRecord[] }[] = [
  { name: 'empty capture', hex: '', records: [] },
  {
    name: 'SYSHEAD (type 1) then stream data (type 2)',
    hex: '01000000' + '04000000' + '494d4b48' + '02000000' + '04000000' + '000001ba',
    records: [{ dataType: 1, bytes: Buffer.from('IMKH') }, { dataType: 2, bytes: Buffer.from('000001ba', 'hex') }],
  },
  {
    name: 'zero-length end-of-playback record (type 12)',
    hex: '0c000000' + '00000000',
    records: [{ dataType: 12, bytes: new Uint8Array(0) }],
  },
];

describe('.hikraw capture format', () => {
  for (const c of cases) {
    it(`decodes: ${c.name}`, () => {
      const got = decodeHikRaw(Buffer.from(c.hex, 'hex'));
      expect(got.truncatedBytes).toBe(0);
      expect(got.records.map((r) => [r.dataType, Buffer.from(r.bytes).toString('hex')])).toEqual(c.records.map((r) => [r.dataType, Buffer.from(r.bytes).toString('hex')]));
    });
    it(`encodes: ${c.name}`, () => {
      expect(Buffer.concat(c.records.map((r) => encodeHikRawRecord(r))).toString('hex')).toBe(c.hex);
    });
  }

  it('keeps the complete records of a capture cut short and says how many bytes were cut', () => {
    const whole = Buffer.from(cases[1]!.hex, 'hex');
    for (const cut of [1, 5, 9, 11]) {
      const got = decodeHikRaw(whole.subarray(0, whole.length - cut));
      expect(got.records).toHaveLength(1);
      expect(got.truncatedBytes).toBe(12 - cut);
    }
  });

  it('turns records into a hik-ps stream: the first SYSHEAD, then stream and audio data, nothing else', () => {
    const rec = (dataType: number, hex: string) => ({ dataType, bytes: Buffer.from(hex, 'hex') });
    const stream = hikRawToStream([rec(2, 'aa'), rec(1, '494d4b48'), rec(2, 'bb'), rec(16, 'cc'), rec(3, 'dd'), rec(1, '494d4b48'), rec(12, '')]);
    expect(Buffer.from(stream).toString('hex')).toBe('494d4b48' + 'aa' + 'bb' + 'dd');
  });
});
