import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnnexBFramer, FormatError, MAX_ACCESS_UNIT_SIZE, h264Format, h265Format } from '../index.js';
import { feed, summary } from './feed.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'media');
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

const SPS = '674d401feca02802dd8088000003000800000301e078c18cb0';
const PPS = '68ebe3cb22c0';
const SC4 = '00000001';
const SC3 = '000001';

// Each case: an H.264 stream and the access units (as 4-byte-start-code Annex-B hex) it must give.
const cases: { name: string; stream: string; aus: string[]; keys: boolean[] }[] = [
  {
    name: 'parameter sets + IDR, then two P frames (first_mb_in_slice 0 starts a picture)',
    stream: SC4 + SPS + SC4 + PPS + SC3 + '65888480' + SC3 + '419a22' + SC4 + '419a33',
    aus: [SC4 + SPS + SC4 + PPS + SC4 + '65888480', SC4 + '419a22', SC4 + '419a33'],
    keys: [true, false, false],
  },
  {
    name: 'a picture in two slices (second first_mb_in_slice != 0)',
    stream: SC4 + '65888480' + SC4 + '65408480' + SC4 + '419a22' + SC4 + '41409a',
    aus: [SC4 + '65888480' + SC4 + '65408480', SC4 + '419a22' + SC4 + '41409a'],
    keys: [true, false],
  },
  {
    name: 'AUDs delimit, SEI after a slice starts a new AU',
    stream: SC4 + '09f0' + SC4 + '419a22' + SC4 + '0605ff' + SC4 + '419a33' + SC4 + '09f0' + SC4 + '419a44',
    aus: [SC4 + '09f0' + SC4 + '419a22', SC4 + '0605ff' + SC4 + '419a33', SC4 + '09f0' + SC4 + '419a44'],
    keys: [false, false, false],
  },
  {
    name: 'leading junk and trailing zero bytes are dropped',
    stream: 'deadbeef0000' + SC3 + '419a22000000' + SC4 + '419a330000',
    aus: [SC4 + '419a22', SC4 + '419a33'],
    keys: [false, false],
  },
  {
    name: 'parameter sets with no picture after them are not a frame',
    stream: SC4 + '419a22' + SC4 + SPS + SC4 + PPS,
    aus: [SC4 + '419a22'],
    keys: [false],
  },
  { name: 'no start code at all', stream: 'deadbeef419a22', aus: [], keys: [] },
];

describe('AnnexBFramer (H.264)', () => {
  for (const c of cases) {
    for (const chunk of [0, 1, 7]) {
      it(`${c.name} — ${chunk ? `${chunk}-byte chunks` : 'whole'}`, () => {
        const data = hex(c.stream);
        const frames = feed(new AnnexBFramer('h264', { frameRate: 25 }), data, chunk || data.length);
        expect(frames.map((f) => Buffer.from(f.data).toString('hex'))).toEqual(c.aus);
        expect(frames.map((f) => f.key)).toEqual(c.keys);
        expect(frames.map((f) => f.dts)).toEqual(c.aus.map((_, i) => i * 40));
        expect(frames.every((f) => f.pts === f.dts)).toBe(true);
      });
    }
  }

  it('timestamps follow the frame rate (30 fps → rounded ms)', () => {
    const frames = feed(new AnnexBFramer('h264', { frameRate: 30 }), hex((SC4 + '419a22').repeat(4)));
    expect(frames.map((f) => f.dts)).toEqual([0, 33, 67, 100]);
  });

  it(`rejects a NAL unit longer than MAX_ACCESS_UNIT_SIZE (${MAX_ACCESS_UNIT_SIZE}) with both numbers`, () => {
    const framer = new AnnexBFramer('h264');
    framer.push(hex(SC4 + '419a'));
    const big = new Uint8Array(1 << 20).fill(0xaa);
    expect(() => {
      for (let i = 0; i <= 16; i++) framer.push(big);
    }).toThrow(new RegExp(`size \\d+ exceeds MAX_ACCESS_UNIT_SIZE ${MAX_ACCESS_UNIT_SIZE}`));
  });

  it('random bytes throw only FormatError (or nothing), in any chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), (data, chunk, h265) => {
        try {
          feed(new AnnexBFramer(h265 ? 'h265' : 'h264'), data, chunk);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives identical output for random streams of NAL units whatever the chunking', () => {
    const nal = fc.constantFrom('09f0', '419a22', '41409a', '65888480', SPS, PPS, '0605ff', '2601af', '0201d0', '4001', '0201');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), nal), { maxLength: 20 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (nals, chunk, h265) => {
        const data = hex(nals.map(([four, n]) => (four ? SC4 : SC3) + n).join(''));
        const codec = h265 ? 'h265' : 'h264';
        const whole = summary(feed(new AnnexBFramer(codec), data));
        expect(summary(feed(new AnnexBFramer(codec), data, chunk))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('AnnexBFramer on the ffmpeg fixtures', () => {
  const files = [
    { file: 'h264-640x360-25fps.h264', format: h264Format },
    { file: 'h265-640x360-25fps.h265', format: h265Format },
    { file: 'h264-bframes-640x360.h264', format: h264Format },
  ];
  for (const f of files) {
    it(`${f.file}: one frame per picture ffprobe counts, keys every 50, same output in 1/7-byte chunks`, () => {
      const path = join(FIXTURES, f.file);
      const data = new Uint8Array(readFileSync(path));
      const whole = feed(f.format.createDemuxer(), data);
      const probed = JSON.parse(
        execFileSync(FFPROBE, ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'json', path], {
          encoding: 'utf8',
        }),
      ).streams[0];
      expect(whole.length).toBe(Number(probed.nb_read_frames));
      expect(whole.flatMap((fr, i) => (fr.key ? [i] : []))).toEqual(whole.map((_, i) => i).filter((i) => i % 50 === 0));
      expect(new Set(whole.map((fr) => fr.track)).size).toBe(1);
      expect(whole[0]!.track).toMatchObject({ width: probed.width, height: probed.height, frameRate: 25 });
      // Every byte of every NAL unit is kept: the frames re-joined hold the same NAL payload bytes.
      const payload = (b: Uint8Array): number => b.reduce((s, x) => s + x, 0);
      expect(whole.reduce((s, fr) => s + payload(fr.data), 0)).toBe(payload(data) - countStartCodeOnes(data) + whole.reduce((s, fr) => s + countStartCodeOnes(fr.data), 0));
      const s = summary(whole);
      expect(summary(feed(f.format.createDemuxer(), data, 7))).toEqual(s);
      expect(summary(feed(f.format.createDemuxer(), data, 1))).toEqual(s);
    });
  }
});

function countStartCodeOnes(b: Uint8Array): number {
  let n = 0;
  for (let i = 2; i < b.length; i++) if (b[i] === 1 && b[i - 1] === 0 && b[i - 2] === 0) n++;
  return n;
}
