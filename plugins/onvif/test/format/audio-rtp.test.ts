import { describe, expect, it } from 'vitest';
import { AacDepacketizer, G711Depacketizer, aacFmtp } from '../../src/format/audio-depacketizer.js';
import { parseRtcpSenderReports, parseRtp } from '../../src/format/rtp-packet.js';
import { SessionClock } from '../../src/format/rtp-clock.js';
import { concat, hex, rtp } from './chunks.js';

const HBR = aacFmtp(new Map([['sizelength', '13'], ['indexlength', '3'], ['indexdeltalength', '3']]));
/** AU-headers-length (bits) + one 16-bit header per AU: size << 3 | index. */
const auHeaders = (...sizes: number[]) => concat(Uint8Array.of(0, sizes.length * 16), ...sizes.map((s) => Uint8Array.of(s >> 5, (s << 3) & 0xff)));

describe('RTP header', () => {
  it('reads fields and skips CSRCs, the header extension and padding', () => {
    // V=2 P=1 X=1 CC=1, M=1 PT=96, seq 0x1234, ts 0xdeadbeef, ssrc 1, csrc 2, ext (1 word), payload abcd, 2 bytes padding
    const p = parseRtp(hex('b1e0 1234 deadbeef 00000001 00000002 bede0001 01020304 abcd 0002'));
    expect(p).toMatchObject({ payloadType: 96, marker: true, sequence: 0x1234, timestamp: 0xdeadbeef, ssrc: 1 });
    expect(p.payload).toEqual(hex('abcd'));
  });

  it('refuses short packets and other versions', () => {
    expect(() => parseRtp(hex('8060'))).toThrow(/shorter/);
    expect(() => parseRtp(hex('4060 0000 00000000 00000000'))).toThrow(/version/);
  });
});

describe('RTCP sender reports', () => {
  it('finds the SR in a compound packet (SR + SDES) with its NTP time in ms and RTP timestamp', () => {
    const sr = hex('80c8 0006 11223344 83aa7e80 80000000 00015f90 00000010 00000400');
    const sdes = hex('81ca 0002 11223344 0100 0000');
    expect(parseRtcpSenderReports(concat(sr, sdes))).toEqual([{ ssrc: 0x11223344, ntpMs: 0x83aa7e80 * 1000 + 500, rtpTimestamp: 90000 }]);
  });
});

describe('SessionClock', () => {
  it('unwraps 32-bit timestamps and puts a later track on the first one\'s NTP timeline', () => {
    const clock = new SessionClock();
    const video = clock.track(0, 90000);
    const audio = clock.track(1, 8000);
    expect(video.toMs(0xffff_0000)).toBe(0);
    expect(video.toMs(0x0000_ffff)).toBeCloseTo((0x1_ffff / 90000) * 1000, 6); // wrapped
    expect(audio.toMs(500)).toBe(0);
    clock.report(0, { ssrc: 1, ntpMs: 1_000_000, rtpTimestamp: 0xffff_0000 }); // video ms 0 = NTP 1 000 000
    clock.report(1, { ssrc: 2, ntpMs: 1_000_250, rtpTimestamp: 500 }); // audio's first sample was 250 ms later
    expect(audio.toMs(500 + 8000)).toBe(1250);
  });
});

describe('audio depacketizers', () => {
  it('G.711: one frame per packet, bytes as sent', () => {
    expect(new G711Depacketizer().push(parseRtp(rtp(8, 1, 160, hex('d5d5d5'))))).toEqual([{ timestamp: 160, data: hex('d5d5d5') }]);
  });

  it('AAC-hbr: several AUs in one packet get consecutive timestamps (1024 samples each)', () => {
    const units = new AacDepacketizer(HBR).push(parseRtp(rtp(97, 1, 1000, concat(auHeaders(3, 2), hex('aabbcc ddee')))));
    expect(units).toEqual([{ timestamp: 1000, data: hex('aabbcc') }, { timestamp: 2024, data: hex('ddee') }]);
  });

  it('AAC-hbr: one AU fragmented over packets is joined at the marker bit', () => {
    const d = new AacDepacketizer(HBR);
    expect(d.push(parseRtp(rtp(97, 1, 5000, concat(auHeaders(5), hex('0102')))))).toEqual([]);
    expect(d.push(parseRtp(rtp(97, 2, 5000, concat(auHeaders(5), hex('030405')), true)))).toEqual([{ timestamp: 5000, data: hex('0102030405') }]);
  });

  it('refuses AU headers that overrun the packet and mpeg4-generic without sizelength', () => {
    expect(() => new AacDepacketizer(HBR).push(parseRtp(rtp(97, 1, 0, hex('0040 0000'))))).toThrow(/overrun/);
    expect(() => aacFmtp(new Map())).toThrow(/sizelength/);
  });
});
