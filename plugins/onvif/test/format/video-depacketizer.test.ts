import { describe, expect, it } from 'vitest';
import { joinAnnexB } from '@nvr-pusher/core/media';
import { parseRtp } from '../../src/format/rtp-packet.js';
import { VideoDepacketizer } from '../../src/format/video-depacketizer.js';
import { RtpFrameAssembler } from '../../src/format/rtp-frames.js';
import { RtspReader } from '../../src/format/rtsp-message.js';
import { parseSdp } from '../../src/format/sdp.js';
import { trackFromSdp } from '../../src/format/track-config.js';
import { CHUNK_SIZES, chunked, concat, interleaved, rtp } from './chunks.js';

// Real parameter sets (x264 320x240 baseline, as GStreamer's server announces them).
const SPS = new Uint8Array(Buffer.from('Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV', 'base64'));
const PPS = new Uint8Array(Buffer.from('aM48gA==', 'base64'));
const IDR = concat(Uint8Array.of(0x65), new Uint8Array(299).map((_, i) => (i * 7 + 1) & 0xff));
const P = concat(Uint8Array.of(0x41), new Uint8Array(40).fill(0x9a));
const stapA = (...nals: Uint8Array[]) => concat(Uint8Array.of(0x78), ...nals.flatMap((n) => [Uint8Array.of(n.length >> 8, n.length & 0xff), n]));
const fuA = (nal: Uint8Array, parts: number): Uint8Array[] => {
  const body = nal.subarray(1);
  const step = Math.ceil(body.length / parts);
  return Array.from({ length: parts }, (_, i) => {
    const fuHeader = (i === 0 ? 0x80 : 0) | (i === parts - 1 ? 0x40 : 0) | (nal[0]! & 0x1f);
    return concat(Uint8Array.of((nal[0]! & 0xe0) | 28, fuHeader), body.subarray(i * step, (i + 1) * step));
  });
};

// Access unit 1 at ts 3000: STAP-A (SPS, PPS) + IDR in three FU-A fragments; access unit 2 at ts 6600: one P slice.
const H264_PACKETS = [
  rtp(96, 100, 3000, stapA(SPS, PPS)),
  ...fuA(IDR, 3).map((p, i) => rtp(96, 101 + i, 3000, p, i === 2)),
  rtp(96, 104, 6600, P, true),
];

describe('H.264 depacketizer (RFC 6184)', () => {
  it('STAP-A + FU-A make one key access unit; a single NAL unit packet the next', () => {
    const d = new VideoDepacketizer('h264');
    const aus = H264_PACKETS.flatMap((p) => d.push(parseRtp(p)));
    expect(aus.map((a) => [a.timestamp, a.key, a.nals.length])).toEqual([[3000, true, 3], [6600, false, 1]]);
    expect(aus[0]!.nals).toEqual([SPS, PPS, IDR]);
    expect(aus[1]!.nals).toEqual([P]);
  });

  it('a lost fragment drops the damaged access unit and what follows until the next key frame', () => {
    const d = new VideoDepacketizer('h264');
    const lossy = H264_PACKETS.filter((_, i) => i !== 2);
    const again = [rtp(96, 105, 10200, stapA(SPS, PPS)), ...fuA(IDR, 2).map((p, i) => rtp(96, 106 + i, 10200, p, i === 1))];
    const aus = [...lossy, ...again].flatMap((p) => d.push(parseRtp(p)));
    expect(aus.map((a) => [a.timestamp, a.key])).toEqual([[10200, true]]);
    expect(d.lost).toBe(1);
  });

  it('refuses packet types it cannot carry (STAP-B, MTAP)', () => {
    expect(() => new VideoDepacketizer('h264').push(parseRtp(rtp(96, 1, 0, Uint8Array.of(25, 0, 0))))).toThrow(/not supported/);
  });
});

// H.265: NAL header is two bytes, type in bits 1..6 of the first.
const h265Nal = (type: number, size: number) => concat(Uint8Array.of(type << 1, 1), new Uint8Array(size).fill(type));
const VPS = h265Nal(32, 20);
const IDR_W_RADL = h265Nal(19, 250);
const TRAIL = h265Nal(1, 30);
const ap = (...nals: Uint8Array[]) => concat(Uint8Array.of(48 << 1, 1), ...nals.flatMap((n) => [Uint8Array.of(n.length >> 8, n.length & 0xff), n]));
const fu265 = (nal: Uint8Array, parts: number): Uint8Array[] => {
  const body = nal.subarray(2);
  const step = Math.ceil(body.length / parts);
  const type = (nal[0]! >> 1) & 0x3f;
  return Array.from({ length: parts }, (_, i) =>
    concat(Uint8Array.of((nal[0]! & 0x81) | (49 << 1), nal[1]!, (i === 0 ? 0x80 : 0) | (i === parts - 1 ? 0x40 : 0) | type), body.subarray(i * step, (i + 1) * step)));
};

describe('H.265 depacketizer (RFC 7798)', () => {
  it('AP + FU + single NAL unit packets rebuild the NAL units; IRAP marks the key frame', () => {
    const d = new VideoDepacketizer('h265');
    const packets = [rtp(96, 1, 90, ap(VPS, h265Nal(33, 10), h265Nal(34, 5))), ...fu265(IDR_W_RADL, 4).map((p, i) => rtp(96, 2 + i, 90, p, i === 3)), rtp(96, 6, 3690, TRAIL, true)];
    const aus = packets.flatMap((p) => d.push(parseRtp(p)));
    expect(aus.map((a) => [a.timestamp, a.key, a.nals.length])).toEqual([[90, true, 4], [3690, false, 1]]);
    expect(aus[0]!.nals[0]).toEqual(VPS);
    expect(aus[0]!.nals[3]).toEqual(IDR_W_RADL);
  });

  it('an aggregation unit that overruns its packet is refused', () => {
    expect(() => new VideoDepacketizer('h265').push(parseRtp(rtp(96, 1, 0, Uint8Array.of(48 << 1, 1, 0, 50, 1, 2))))).toThrow(/overruns/);
  });
});

describe('RtpFrameAssembler over an interleaved TCP byte stream', () => {
  const sdp = parseSdp('v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 sprop-parameter-sets=Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==\r\n');
  const tracks = [{ spec: trackFromSdp(sdp.media[0]!)!, media: sdp.media[0]! }];
  // Key frame without in-band parameter sets: the SDP ones are put in front of it.
  const bytes = concat(...[...fuA(IDR, 3).map((p, i) => rtp(96, 1 + i, 1000, p, i === 2)), rtp(96, 4, 4600, P, true)].map((p) => interleaved(0, p)));

  it.each(CHUNK_SIZES)('frames with Annex-B data, SDP parameter sets on the key frame, ms timestamps (%i-byte chunks)', (size) => {
    const reader = new RtspReader();
    const asm = new RtpFrameAssembler(tracks);
    const frames = [...chunked(bytes, size)].flatMap((c) => reader.push(c)).flatMap((m) => (m.kind === 'data' ? asm.packet(m.channel, m.data) : []));
    expect(frames.map((f) => [f.dts, f.key])).toEqual([[0, true], [40, false]]);
    expect(frames[0]!.data).toEqual(joinAnnexB([SPS, PPS, IDR]));
    expect(frames[0]!.track).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    expect(frames[1]!.data).toEqual(joinAnnexB([P]));
  });
});

