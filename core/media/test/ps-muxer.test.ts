import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AudioCodec, VideoCodec } from '../../contracts/media.js';
import {
  MAX_PS_PES_PAYLOAD, PsDemuxer, PsMuxer, TIMESTAMP_WRAP, decodePackHeader, decodePes, decodeProgramStreamMap, joinAnnexB, packHeaderSize,
} from '../index.js';
import { feed, summary } from './feed.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const SPS_264 = hex('674d401feca02802dd8088000003000800000301e078c18cb0');
const PPS_264 = hex('68ebe3cb22c0');
const VPS_265 = hex('40010c01ffff016000000300900000030000030078959809');
const SPS_265 = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000c84');
const PPS_265 = hex('4401c172b46240');

/** A synthetic AU: parameter sets + IDR for keys, one slice otherwise; `size` bytes of slice data with no zeros. */
function accessUnit(codec: VideoCodec, key: boolean, size: number, seed: number): Uint8Array {
  const body = new Uint8Array(size).map((_, i) => 1 + ((i * 7 + seed) % 250));
  if (codec === 'h264') {
    const slice = Uint8Array.from([key ? 0x65 : 0x41, 0x88, ...body]);
    return joinAnnexB(key ? [SPS_264, PPS_264, slice] : [slice]);
  }
  const slice = Uint8Array.from(key ? [0x26, 0x01, 0xaf, ...body] : [0x02, 0x01, 0xd0, ...body]);
  return joinAnnexB(key ? [VPS_265, SPS_265, PPS_265, slice] : [slice]);
}

/** Walks a PS buffer as a list of [start code id, bytes]. */
function layout(ps: Uint8Array): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  let p = 0;
  while (p < ps.length) {
    const id = ps[p + 3]!;
    const size = id === 0xba ? packHeaderSize(ps.subarray(p))! : 6 + ((ps[p + 4]! << 8) | ps[p + 5]!);
    out.push([id, ps.subarray(p, p + size)]);
    p += size;
  }
  return out;
}

describe('PsMuxer layout', () => {
  it('key frame: pack header, system header, PSM, PES with PTS+DTS; then a P frame: pack header + PES', () => {
    const mux = new PsMuxer();
    const k = layout(mux.muxVideo('h264', accessUnit('h264', true, 100, 1), 1040, 1000, true));
    expect(k.map(([id]) => id)).toEqual([0xba, 0xbb, 0xbc, 0xe0]);
    expect(decodePackHeader(k[0]![1]).systemClockReferenceBase).toBe(90_000);
    expect(decodeProgramStreamMap(k[2]![1]).streams.map((s) => [s.streamType, s.elementaryStreamId])).toEqual([[0x1b, 0xe0]]);
    expect(decodePes(k[3]![1])).toMatchObject({ pts: 93_600, dts: 90_000, dataAlignmentIndicator: true });
    const p = layout(mux.muxVideo('h264', accessUnit('h264', false, 100, 2), 1080, 1080, false));
    expect(p.map(([id]) => id)).toEqual([0xba, 0xe0]);
    expect(decodePes(p[1]![1]).dts).toBeUndefined(); // DTS = PTS is not written
  });

  it(`splits a large frame into PES payloads of at most MAX_PS_PES_PAYLOAD (${MAX_PS_PES_PAYLOAD}), PTS on the first only`, () => {
    const au = accessUnit('h265', true, 200_000, 3);
    const pes = layout(new PsMuxer().muxVideo('h265', au, 0, 0, true)).filter(([id]) => id === 0xe0).map(([, b]) => decodePes(b));
    expect(pes.map((p) => p.payload.length)).toEqual([65_000, 65_000, 65_000, au.length - 195_000]);
    expect(pes.map((p) => p.pts)).toEqual([0, undefined, undefined, undefined]);
    expect(Buffer.concat(pes.map((p) => p.payload))).toEqual(Buffer.from(au));
  });

  it('audio on 0xC0; a new stream set gets a new PSM version listing both streams', () => {
    const mux = new PsMuxer();
    mux.muxVideo('h264', accessUnit('h264', true, 10, 1), 0, 0, true);
    const a = layout(mux.muxAudio('pcma', new Uint8Array(160).fill(0xd5), 20));
    expect(a.map(([id]) => id)).toEqual([0xba, 0xbb, 0xbc, 0xc0]);
    const psm = decodeProgramStreamMap(a[2]![1]);
    expect(psm.programStreamMapVersion).toBe(1);
    expect(psm.streams.map((s) => [s.streamType, s.elementaryStreamId])).toEqual([[0x1b, 0xe0], [0x90, 0xc0]]);
    expect(layout(mux.muxAudio('pcma', new Uint8Array(160), 40)).map(([id]) => id)).toEqual([0xba, 0xc0]);
  });

  it('refuses AAC without its AudioSpecificConfig', () => {
    expect(() => new PsMuxer().muxAudio('aac', new Uint8Array(10), 0)).toThrow(/AudioSpecificConfig/);
  });
});

describe('PsMuxer → PsDemuxer round trip', () => {
  const frameArb = fc.record({ key: fc.boolean(), size: fc.integer({ min: 1, max: 3000 }), bframe: fc.boolean(), audio: fc.boolean() });

  it('frames, keys, timestamps, codecs survive, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<VideoCodec>('h264', 'h265'), fc.constantFrom<AudioCodec>('pcma', 'pcmu', 'aac'),
        fc.array(frameArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: Math.floor(TIMESTAMP_WRAP / 90) - 10_000 }) /* the wrap has its own test */, fc.integer({ min: 1, max: 64 }),
        (vcodec, acodec, spec, start, chunk) => {
          spec[0]!.key = true;
          const mux = new PsMuxer();
          const parts: Uint8Array[] = [];
          const expectedVideo: [number, number, boolean, string][] = [];
          const expectedAudio: [number, string, string][] = [];
          spec.forEach((s, i) => {
            const dts = start + i * 40;
            const pts = dts + (s.bframe ? 80 : 0);
            const au = accessUnit(vcodec, s.key, s.size, i);
            parts.push(mux.muxVideo(vcodec, au, pts, dts, s.key));
            expectedVideo.push([dts, pts, s.key, Buffer.from(au).toString('hex')]);
            if (s.audio) {
              const data = new Uint8Array(acodec === 'aac' ? 50 : 320).fill(i + 1);
              parts.push(mux.muxAudio(acodec, data, dts + 20, hex('1588')));
              expectedAudio.push([dts + 20, acodec, Buffer.from(data).toString('hex')]);
            }
          });
          const ps = Buffer.concat(parts);
          const frames = feed(new PsDemuxer(), ps, chunk);
          const v = frames.filter((f) => f.track.kind === 'video');
          const a = frames.filter((f) => f.track.kind === 'audio');
          expect(v.map((f) => [f.dts, f.pts, f.key, Buffer.from(f.data).toString('hex')])).toEqual(expectedVideo);
          expect(v.every((f) => f.track.kind === 'video' && f.track.codec === vcodec)).toBe(true);
          expect(a.map((f) => [f.pts, f.track.kind === 'audio' && f.track.codec, Buffer.from(f.data).toString('hex')])).toEqual(expectedAudio);
          expect(summary(feed(new PsDemuxer(), ps))).toEqual(summary(frames));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('timestamps keep increasing across the 33-bit wrap (26.5 h)', () => {
    const wrapMs = TIMESTAMP_WRAP / 90;
    const mux = new PsMuxer();
    const parts: Uint8Array[] = [];
    const start = Math.floor(wrapMs) - 2000; // 2 s before the wrap
    for (let i = 0; i < 100; i++) {
      parts.push(mux.muxVideo('h264', accessUnit('h264', i % 25 === 0, 50, i), start + i * 40 + 40, start + i * 40, i % 25 === 0));
      parts.push(mux.muxAudio('pcma', new Uint8Array(320).fill(0xd5), start + i * 40));
    }
    const frames = feed(new PsDemuxer(), Buffer.concat(parts), 1000);
    const v = frames.filter((f) => f.track.kind === 'video');
    const a = frames.filter((f) => f.track.kind === 'audio');
    expect(v.length).toBe(100);
    expect(a.length).toBe(100);
    expect(v.every((f, i) => i === 0 || f.dts - v[i - 1]!.dts === 40)).toBe(true);
    expect(v.every((f) => f.pts - f.dts === 40)).toBe(true);
    expect(a.every((f, i) => i === 0 || f.pts - a[i - 1]!.pts === 40)).toBe(true);
    expect(v.at(-1)!.dts).toBeGreaterThan(wrapMs);
  });
});
