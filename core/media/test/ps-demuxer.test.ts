import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MediaFrame } from '../../contracts/media.js';
import { AnnexBFramer, FormatError, LimitError, MAX_ACCESS_UNIT_SIZE, PsDemuxer, encodePackHeader, encodePes, encodeProgramStreamMap, psFormat } from '../index.js';
import { feed, summary } from './feed.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'media');
// core/media/test/.work is not gitignored (only test/ and plugins/*/test/ are): temp files go to the OS temp dir.
const WORK = mkdtempSync(join(tmpdir(), 'ps-demuxer-test-'));
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
const read = (f: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, f)));
const BASE = 3_600_000; // first timestamp of the PS fixtures (scripts/ps-fixtures.ts)

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const video = (frames: MediaFrame[]): MediaFrame[] => frames.filter((f) => f.track.kind === 'video');
const audio = (frames: MediaFrame[]): MediaFrame[] => frames.filter((f) => f.track.kind === 'audio');
const esFrames = (file: string, codec: 'h264' | 'h265'): MediaFrame[] => feed(new AnnexBFramer(codec), read(file));

describe('PsDemuxer on the PS fixtures', () => {
  it('h264-pcma-640x360.ps: every AU of the source ES, keys, 40 ms steps, and all A-law samples', () => {
    const frames = feed(psFormat.createDemuxer(), read('h264-pcma-640x360.ps'));
    const es = esFrames('h264-640x360-25fps.h264', 'h264');
    const v = video(frames);
    expect(v.map((f) => Buffer.from(f.data).toString('hex'))).toEqual(es.map((f) => Buffer.from(f.data).toString('hex')));
    expect(v.map((f) => f.key)).toEqual(es.map((f) => f.key));
    expect(v.map((f) => f.dts)).toEqual(es.map((f) => BASE + f.dts));
    expect(v[0]!.track).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    const a = audio(frames);
    expect(a[0]!.track).toEqual({ kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 });
    expect(new Set(a.map((f) => f.track)).size).toBe(1);
    expect(Buffer.concat(a.map((f) => f.data))).toEqual(Buffer.from(read('sine-440hz-8k.alaw')));
    expect(a.map((f) => f.pts)).toEqual(a.map((_, i) => BASE + i * 40));
    // Interleaved as muxed: audio for time t comes before the video frame at t.
    expect(frames.findIndex((f) => f.track.kind === 'audio')).toBe(0);
  });

  it('h265-640x360.ps: every AU of the source ES with VPS/SPS/PPS in the track', () => {
    const v = video(feed(new PsDemuxer(), read('h265-640x360.ps')));
    const es = esFrames('h265-640x360-25fps.h265', 'h265');
    expect(v.length).toBe(es.length);
    expect(v.every((f, i) => Buffer.from(f.data).equals(Buffer.from(es[i]!.data)) && f.key === es[i]!.key)).toBe(true);
    expect(v[0]!.track).toMatchObject({ codec: 'h265', width: 640, height: 360 });
    expect(v[0]!.track.kind === 'video' && v[0]!.track.vps?.length).toBeGreaterThan(0);
  });

  it('h264-bframes-640x360.ps: PTS/DTS as ffprobe reads them from the same file', () => {
    const path = join(FIXTURES, 'h264-bframes-640x360.ps');
    const v = video(feed(new PsDemuxer(), read('h264-bframes-640x360.ps')));
    const probed = JSON.parse(
      execFileSync(FFPROBE, ['-v', 'error', '-f', 'mpeg', '-show_entries', 'packet=pts,dts', '-of', 'json', path], { encoding: 'utf8' }),
    ).packets as { pts: number; dts: number }[];
    expect(v.length).toBe(probed.length);
    expect(v.map((f) => [f.dts, f.pts])).toEqual(probed.map((p) => [Math.round(p.dts / 90), Math.round(p.pts / 90)]));
    expect(v.some((f) => f.pts > f.dts)).toBe(true);
    expect(v.every((f, i) => i === 0 || f.dts > v[i - 1]!.dts)).toBe(true);
  });

  for (const file of ['h264-pcma-640x360.ps', 'h265-640x360.ps', 'h264-pcma-640x360.truncated.ps', 'h264-pcma-640x360.corrupt.ps']) {
    it(`${file}: identical output whole, in 7-byte and in 1-byte chunks`, () => {
      const data = read(file);
      const whole = summary(feed(new PsDemuxer(), data));
      expect(summary(feed(new PsDemuxer(), data, 7))).toEqual(whole);
      expect(summary(feed(new PsDemuxer(), data, 1))).toEqual(whole);
    });
  }

  it('truncated fixture: the frames before the cut, unchanged; the cut frame dropped or complete', () => {
    const full = feed(new PsDemuxer(), read('h264-pcma-640x360.ps'));
    const cut = feed(new PsDemuxer(), read('h264-pcma-640x360.truncated.ps'));
    expect(video(cut).length).toBeGreaterThan(30);
    const fullV = video(full);
    // All but the last video frame are complete and equal; the last is a prefix at most.
    video(cut).slice(0, -1).forEach((f, i) => expect(Buffer.from(f.data).equals(Buffer.from(fullV[i]!.data))).toBe(true));
  });

  it('corrupt fixture (IMKH header, bit errors, lost bytes, junk): recovers, timestamps stay increasing', () => {
    const frames = feed(new PsDemuxer(), read('h264-pcma-640x360.corrupt.ps'));
    const clean = feed(new PsDemuxer(), read('h264-pcma-640x360.ps').subarray(0, 128 * 1024));
    const v = video(frames);
    // The byte flips damage some PES headers/payloads: those frames are lost or damaged, not the stream.
    expect(v.length).toBeGreaterThan(video(clean).length * 0.6);
    expect(v.length).toBeLessThanOrEqual(video(clean).length);
    expect(v[0]!.track).toMatchObject({ width: 640, height: 360 });
    expect(v.every((f, i) => i === 0 || f.dts > v[i - 1]!.dts)).toBe(true);
    // Frames after the lost run are found again.
    expect(v.at(-1)!.dts).toBeGreaterThan(video(clean).at(-2)!.dts - 200);
    expect(audio(frames).length).toBeGreaterThan(audio(clean).length * 0.6);
    // Most frames come out byte-identical to the undamaged stream's frame at the same time.
    const cleanByDts = new Map(video(clean).map((f) => [f.dts, Buffer.from(f.data).toString('hex')]));
    const same = v.filter((f) => cleanByDts.get(f.dts) === Buffer.from(f.data).toString('hex'));
    expect(same.length).toBeGreaterThan(video(clean).length * 0.75);
  });
});

describe('PsDemuxer against ffprobe (independent reader)', () => {
  it('ffprobe reads h264-pcma-640x360.ps (with an IMKH header) as h264 + pcm_alaw with our video frame count', () => {
    const file = join(WORK, 'imkh-h264-pcma.ps');
    const head = Buffer.alloc(40);
    head.write('IMKH', 'latin1');
    writeFileSync(file, Buffer.concat([head, read('h264-pcma-640x360.ps')]));
    const out = JSON.parse(
      execFileSync(FFPROBE, ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_name,codec_type,sample_rate,nb_read_packets,width,height', '-of', 'json', file], { encoding: 'utf8' }),
    ).streams as { codec_name: string; codec_type: string; nb_read_packets: string; width?: number; sample_rate?: string }[];
    const v = out.find((s) => s.codec_type === 'video')!;
    const a = out.find((s) => s.codec_type === 'audio')!;
    expect(v.codec_name).toBe('h264');
    expect(a).toMatchObject({ codec_name: 'pcm_alaw', sample_rate: '8000' });
    const ours = feed(new PsDemuxer(), new Uint8Array(readFileSync(file)));
    expect(video(ours).length).toBe(Number(v.nb_read_packets));
    expect(audio(ours).length).toBe(Number(a.nb_read_packets));
  });

  it('ffprobe reads h265-640x360.ps as hevc 640x360 with our frame count', () => {
    const path = join(FIXTURES, 'h265-640x360.ps');
    const [s] = JSON.parse(
      execFileSync(FFPROBE, ['-v', 'error', '-f', 'mpeg', '-count_packets', '-show_entries', 'stream=codec_name,nb_read_packets,width,height', '-of', 'json', path], { encoding: 'utf8' }),
    ).streams as { codec_name: string; nb_read_packets: string; width: number; height: number }[];
    expect(s).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(video(feed(new PsDemuxer(), read('h265-640x360.ps'))).length).toBe(Number(s!.nb_read_packets));
  });
});

describe('PsDemuxer packet handling', () => {
  const psm = (streams: [number, number][]): Uint8Array => encodeProgramStreamMap({ version: 0, streams: streams.map(([t, id]) => ({ streamType: t, elementaryStreamId: id })) });
  const pack = (): Uint8Array => encodePackHeader(0, 0x3fff);
  const cat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);
  const SPS = hex('00000001 674d401feca02802dd8088000003000800000301e078c18cb0');
  const IDR = hex('00000001 65888480');
  const P = hex('00000001 419a22');

  it('one NAL unit per PES with the same PTS (Dahua/GB28181 style) makes one AU', () => {
    const stream = cat(
      pack(), psm([[0x1b, 0xe0]]),
      encodePes({ streamId: 0xe0, pts: 9000, payload: SPS }), encodePes({ streamId: 0xe0, pts: 9000, payload: IDR }),
      pack(), encodePes({ streamId: 0xe0, pts: 12600, payload: P }),
    );
    const v = feed(new PsDemuxer(), stream);
    expect(v.map((f) => [f.dts, f.key, f.data.length])).toEqual([[100, true, SPS.length + IDR.length], [140, false, P.length]]);
  });

  it('a frame split over PES packets with the PTS on the first only (Hikvision style)', () => {
    const au = cat(IDR, new Uint8Array(100).fill(0x55));
    const stream = cat(
      pack(), psm([[0x1b, 0xe0]]),
      encodePes({ streamId: 0xe0, pts: 90, payload: au.subarray(0, 10) }), encodePes({ streamId: 0xe0, payload: au.subarray(10, 60) }),
      encodePes({ streamId: 0xe0, payload: au.subarray(60) }), pack(), encodePes({ streamId: 0xe0, pts: 3690, payload: P }),
    );
    const v = feed(new PsDemuxer(), stream);
    expect(v.map((f) => [f.dts, Buffer.from(f.data).toString('hex')])).toEqual([[1, Buffer.from(au).toString('hex')], [41, Buffer.from(P).toString('hex')]]);
  });

  it('skips private streams, padding and streams of unknown type; µ-law and AAC audio by PSM type', () => {
    const adts = hex('fff1 6c 40 01 bf fc 112233445566');
    const stream = cat(
      pack(), psm([[0x1b, 0xe0], [0x91, 0xc0], [0x0f, 0xc1], [0x03, 0xc2]]),
      encodePes({ streamId: 0xbd, pts: 0, payload: hex('000001e0 1234') }), encodePes({ streamId: 0xbf, payload: hex('aabb') }),
      hex('000001be 0004 ffffffff'),
      encodePes({ streamId: 0xc0, pts: 900, payload: hex('ff7f') }),
      encodePes({ streamId: 0xc1, pts: 1800, payload: cat(adts, adts) }),
      encodePes({ streamId: 0xc2, pts: 1800, payload: hex('fffb9064') }),
      hex('000001b9'),
    );
    const frames = feed(new PsDemuxer(), stream);
    expect(frames.map((f) => [f.track.kind === 'audio' && f.track.codec, f.pts, Buffer.from(f.data).toString('hex')])).toEqual([
      ['pcmu', 10, 'ff7f'],
      ['aac', 20, '112233445566'],
      ['aac', 148, '112233445566'], // + 1024 samples at 8 kHz
    ]);
    const aac = frames[1]!.track;
    expect(aac).toMatchObject({ codec: 'aac', sampleRate: 8000, channels: 1, config: hex('1588') });
  });

  it('guesses the video codec from parameter sets when no PSM came yet', () => {
    const h265 = hex('00000001 40010c01ffff 00000001 2601af');
    const v = feed(new PsDemuxer(), cat(pack(), encodePes({ streamId: 0xe0, pts: 0, payload: h265 }), pack(), encodePes({ streamId: 0xe0, pts: 3600, payload: hex('00000001 0201d0') })));
    expect(v.map((f) => [f.track.kind === 'video' && f.track.codec, f.key])).toEqual([['h265', true], ['h265', false]]);
  });

  it('a PSM switching 0xE0 from H.264 to H.265 ends the H.264 stream and starts an H.265 one', () => {
    const stream = cat(
      pack(), psm([[0x1b, 0xe0]]), encodePes({ streamId: 0xe0, pts: 0, payload: IDR }),
      pack(), encodePes({ streamId: 0xe0, pts: 3600, payload: P }),
      pack(), encodeProgramStreamMap({ version: 1, streams: [{ streamType: 0x24, elementaryStreamId: 0xe0 }] }),
      encodePes({ streamId: 0xe0, pts: 7200, payload: hex('00000001 40010c01ffff 00000001 2601af') }),
      pack(), encodePes({ streamId: 0xe0, pts: 10800, payload: hex('00000001 0201d0') }),
    );
    expect(feed(new PsDemuxer(), stream).map((f) => [f.dts, f.track.kind === 'video' && f.track.codec, f.key])).toEqual([
      [0, 'h264', true], [40, 'h264', false], [80, 'h265', true], [120, 'h265', false],
    ]);
  });

  it('tolerates MPEG-1 pack and PES headers', () => {
    const stream = cat(
      hex('000001ba 21 0001 0001 80 24 69'), psm([[0x1b, 0xe0]]),
      hex('000001e0 000d 21 0001 0e11'), IDR.subarray(0, 8), // PTS 1800 → 20 ms
      hex('000001ba 21 0001 0001 80 24 69'), hex('000001e0 000c 21 0001 1b91'), P, // PTS 3528 → 39 ms
    );
    expect(feed(new PsDemuxer(), stream).map((f) => [f.dts, f.key])).toEqual([[20, true], [39, false]]);
  });

  it('junk after a packet is skipped without losing the packet', () => {
    const stream = cat(
      pack(), psm([[0x1b, 0xe0]]), encodePes({ streamId: 0xe0, pts: 0, payload: IDR }), hex('ffffffff 1234'),
      pack(), encodePes({ streamId: 0xe0, pts: 3600, payload: P }), hex('ff'),
      pack(), encodePes({ streamId: 0xe0, pts: 7200, payload: P }),
    );
    for (const chunk of [stream.length, 1, 7]) expect(feed(new PsDemuxer(), stream, chunk).map((f) => f.dts)).toEqual([0, 40, 80]);
  });

  it('a damaged PES_packet_length that swallows the next packet costs only the damaged packet', () => {
    const first = encodePes({ streamId: 0xe0, pts: 3600, payload: cat(P, hex('77777777')) });
    first[5]! += 30; // now reaches into the next pack header and PES
    const stream = cat(
      pack(), psm([[0x1b, 0xe0]]), encodePes({ streamId: 0xe0, pts: 0, payload: IDR }),
      pack(), first,
      pack(), encodePes({ streamId: 0xe0, pts: 7200, payload: P }),
      pack(), encodePes({ streamId: 0xe0, pts: 10800, payload: P }),
      hex('00000001 ba'), // a damaged start of something: the last frame is still flushed
    );
    for (const chunk of [stream.length, 1, 7]) expect(feed(new PsDemuxer(), stream, chunk).map((f) => f.dts)).toEqual([0, 80, 120]);
  });

  it(`a video NAL unit growing past MAX_ACCESS_UNIT_SIZE (${MAX_ACCESS_UNIT_SIZE}) is a LimitError naming both numbers`, () => {
    const filler = encodePes({ streamId: 0xe0, payload: new Uint8Array(65_000).fill(0xaa) });
    const parts = [pack(), psm([[0x1b, 0xe0]]), encodePes({ streamId: 0xe0, pts: 0, payload: IDR })];
    for (let n = 0; n * 65_000 <= MAX_ACCESS_UNIT_SIZE; n++) parts.push(filler);
    parts.push(pack());
    const d = new PsDemuxer();
    expect(() => d.push(cat(...parts))).toThrow(LimitError);
    expect(() => new PsDemuxer().push(cat(...parts))).toThrow(new RegExp(`size \\d+ exceeds MAX_ACCESS_UNIT_SIZE ${MAX_ACCESS_UNIT_SIZE}`));
  });

  it('random bytes throw only FormatError (or nothing), in any chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 30 }), (data, chunk) => {
        try {
          feed(new PsDemuxer(), data, chunk);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random damage to a real PS throws only FormatError and gives the same frames in any chunking', () => {
    const base = read('h264-pcma-640x360.ps').subarray(0, 20_000);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), fc.integer({ min: 1, max: 50 }), (edits, chunk) => {
        const data = base.slice();
        for (const [at, b] of edits) data[at] = b;
        const whole = summary(feed(new PsDemuxer(), data));
        expect(summary(feed(new PsDemuxer(), data, chunk))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
