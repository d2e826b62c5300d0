import { describe, expect, it } from 'vitest';
import { IMKH_HEADER_SIZE, buildImkhHeader, startsWithImkh } from '../../src/format/imkh-header.js';

describe('IMKH header', () => {
  // prettier-ignore
  const cases = [
    { name: 'h264 + G.711 A-law 8 kHz', info: { video: 'h264', audio: 'pcma', sampleRate: 8000 } as const,
      hex: '494d4b48' + '0101' + '0000' + '0200' + '0001' + '1171' + '01' + '08' + '401f0000' + '00fa0000' + '00'.repeat(16) },
    { name: 'h265 without audio', info: { video: 'h265' } as const,
      hex: '494d4b48' + '0101' + '0000' + '0200' + '0500' + '0000' + '00' + '00' + '00000000' + '00000000' + '00'.repeat(16) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = buildImkhHeader(c.info);
      expect(h.length).toBe(IMKH_HEADER_SIZE);
      expect(Buffer.from(h).toString('hex')).toBe(c.hex);
      expect(startsWithImkh(h)).toBe(true);
    });
  }

  it('recognises the magic only at the start', () => {
    expect(startsWithImkh(Uint8Array.of(0x00, 0x00, 0x01, 0xba))).toBe(false);
    expect(startsWithImkh(Uint8Array.of(0x49, 0x4d, 0x4b))).toBe(false);
  });
});
