import { describe, expect, it } from 'vitest';
import { FormatError, TruncatedError } from '@nvr-pusher/core/media';
import fc from 'fast-check';
import { decodeS0S1S2, encodeC0C1, encodeC2, HANDSHAKE_SIZE } from '../../src/format/rtmp-handshake.js';
import { decodeCommand } from '../../src/format/rtmp-command.js';
import { decodeSetPeerBandwidth, decodeUserControl } from '../../src/format/rtmp-message.js';

describe('simple handshake (RTMP spec §5.2)', () => {
  it('C0+C1 = version 3, time, four zero bytes, random', () => {
    const random = new Uint8Array(HANDSHAKE_SIZE - 8).fill(0xab);
    const b = encodeC0C1(0x01020304, random);
    expect(b.length).toBe(1537);
    expect(Buffer.from(b.subarray(0, 10)).toString('hex')).toBe('03' + '01020304' + '00000000' + 'ab');
  });
  it('C2 echoes S1 with time2 set', () => {
    const s1 = new Uint8Array(HANDSHAKE_SIZE).map((_, i) => i & 0xff);
    const c2 = encodeC2(s1, 0x0a0b0c0d);
    expect(Buffer.from(c2.subarray(0, 8)).toString('hex')).toBe('00010203' + '0a0b0c0d');
    expect(c2.subarray(8)).toEqual(s1.subarray(8));
  });
  it('reads S0/S1/S2 and refuses another version or short input', () => {
    const s = new Uint8Array(1 + 2 * HANDSHAKE_SIZE);
    s[0] = 3;
    s[1] = 9;
    expect(decodeS0S1S2(s).s1[0]).toBe(9);
    s[0] = 6;
    expect(() => decodeS0S1S2(s)).toThrow(FormatError);
    s[0] = 3;
    expect(() => decodeS0S1S2(s.subarray(0, 100))).toThrow(TruncatedError);
  });
});

describe('RTMP message decoders on random bytes', () => {
  it('throw only FormatError/TruncatedError', () => {
    const asMessage = (payload: Uint8Array) => ({ csid: 2, timestamp: 0, typeId: 4, streamId: 0, payload });
    const decoders = [
      (b: Uint8Array) => decodeS0S1S2(b),
      (b: Uint8Array) => decodeCommand(b),
      (b: Uint8Array) => decodeUserControl(asMessage(b)),
      (b: Uint8Array) => decodeSetPeerBandwidth(asMessage(b)),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...decoders), fc.uint8Array({ maxLength: 64 }), (dec, bytes) => {
        try {
          dec(bytes);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
