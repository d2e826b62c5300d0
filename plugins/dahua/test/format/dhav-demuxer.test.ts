import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { FormatError } from '@nvr-pusher/core/media';
import { DhavClock, DhavDemuxer, DhavFramer, dhavFormat, encodeDhavFrame } from '../../src/format/index.js';
import { dhavFixture } from '../tools/media-fixtures.js';
import type { MuxOutput } from '../tools/dhav-muxer.js';

const run = promisify(execFile);

function feed(bytes: Uint8Array, chunk: number): MediaFrame[] {
  const d = new DhavDemuxer();
  const out: MediaFrame[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(...d.push(bytes.subarray(i, i + chunk)));
  out.push(...d.flush());
  return out;
}

const summary = (frames: MediaFrame[]) =>
  frames.map((f) => ({ kind: f.track.kind, codec: f.track.codec, key: f.key, dts: f.dts, len: f.data.length, sum: f.data.reduce((a, b) => (a + b) | 0, 0) }));

describe.each(['h264', 'h265'] as const)('DHAV demuxer on the %s fixture', (codec) => {
  let fx: { file: string } & MuxOutput;
  beforeAll(async () => {
    fx = await dhavFixture(codec);
  }, 60_000);

  it('yields every muxed frame with its codec, key flag, payload and unwrapped time', () => {
    const frames = feed(fx.bytes, fx.bytes.length);
    expect(frames.length).toBe(fx.frames.length);
    frames.forEach((f, i) => {
      const m = fx.frames[i]!;
      expect(f.dts).toBe(m.time);
      expect(f.key).toBe(m.key);
      expect(Buffer.from(f.data).equals(Buffer.from(m.payload))).toBe(true);
    });
    const video = frames.filter((f) => f.track.kind === 'video');
    expect(video[0]!.key).toBe(true);
    const track = video[0]!.track;
    expect(track).toMatchObject({ kind: 'video', codec, width: 640, height: 360, frameRate: 25 });
    expect(track.kind === 'video' && track.sps).toBeTruthy();
    const audio = frames.find((f) => f.track.kind === 'audio')!;
    expect(audio.track).toEqual({ kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 });
    // the 16-bit counter started 500 ms before its wrap: times keep increasing through it
    expect(video[video.length - 1]!.dts).toBe(Math.round((video.length - 1) * 40));
  });

  it('gives identical output for 1-byte, 7-byte and whole chunkings', () => {
    const whole = summary(feed(fx.bytes, fx.bytes.length));
    expect(summary(feed(fx.bytes, 7))).toEqual(whole);
    expect(summary(feed(fx.bytes.subarray(0, 60_000), 1))).toEqual(summary(feed(fx.bytes.subarray(0, 60_000), 60_000)));
  });

  it('is read by ffmpeg (-f dhav) frame for frame: same video packet count, codec and size', async () => {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-f', 'dhav', '-count_packets', '-show_entries', 'stream=codec_type,codec_name,width,height,nb_read_packets,sample_rate', '-of', 'json', fx.file]);
    const streams = JSON.parse(stdout).streams as { codec_type: string; codec_name: string; width?: number; height?: number; nb_read_packets: string; sample_rate?: string }[];
    const v = streams.find((s) => s.codec_type === 'video')!;
    const a = streams.find((s) => s.codec_type === 'audio')!;
    expect(v.codec_name).toBe(codec === 'h264' ? 'h264' : 'hevc');
    expect([v.width, v.height]).toEqual([640, 360]);
    const ours = feed(fx.bytes, fx.bytes.length);
    expect(Number(v.nb_read_packets)).toBe(ours.filter((f) => f.track.kind === 'video').length);
    expect(a.codec_name).toBe('pcm_alaw');
    expect(Number(a.nb_read_packets)).toBe(ours.filter((f) => f.track.kind === 'audio').length);
  });

  it('resynchronises after corrupted and truncated frames, losing only the damaged ones', () => {
    const whole = feed(fx.bytes, fx.bytes.length);
    const b = fx.bytes.slice();
    // corrupt the trailer of frame 3 and the magic of frame 10
    let pos = 0;
    const starts: number[] = [];
    while (pos < b.length) {
      starts.push(pos);
      pos += b[pos + 12]! | (b[pos + 13]! << 8) | (b[pos + 14]! << 16);
    }
    const len3 = starts[4]! - starts[3]!;
    b[starts[3]! + len3 - 8] = 0x00;
    b[starts[10]!] = 0x00;
    const damaged = Uint8Array.from([...b.subarray(0, starts[20]! + 30), ...b.subarray(starts[21]!)]); // frame 20 cut short
    const d = new DhavDemuxer();
    const got = [...d.push(damaged), ...d.flush()];
    expect(got.length).toBe(whole.length - 3);
    expect(d.skippedBytes).toBeGreaterThan(0);
    expect(got[got.length - 1]!.data).toEqual(whole[whole.length - 1]!.data);
  });
});

describe('DHAV framer', () => {
  it('skips a 1024-byte "DAHUA" file header', () => {
    const f = encodeDhavFrame({ type: 0xf1, subtype: 0, channel: 0, subNumber: 0, frameNumber: 0, date: 0, timestamp: 0, extensions: new Uint8Array(0), payload: Uint8Array.of(1, 2) });
    const head = new Uint8Array(1024);
    head.set(Buffer.from('DAHUA'));
    const framer = new DhavFramer();
    const all = [...head, ...f];
    const out = all.flatMap((b) => framer.push(Uint8Array.of(b)));
    expect(out).toHaveLength(1);
    expect(framer.skippedBytes).toBe(0);
  });

  it('throws only FormatError/TruncatedError (or nothing) on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 64 }), (bytes, chunk) => {
        const d = new DhavDemuxer();
        try {
          for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk));
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws only FormatError on random bytes behind a valid header prefix', () => {
    const prefix = Buffer.from('44484156fd000000000000002800000000000000000000ff', 'hex');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        try {
          new DhavDemuxer().push(Uint8Array.from([...prefix, ...tail]));
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
    );
  });

  it('is registered as the `dhav` container format read by ffmpeg as -f dhav', () => {
    expect(dhavFormat.name).toBe('dhav');
    expect(dhavFormat.ffmpegFormat).toBe('dhav');
    expect(dhavFormat.createDemuxer()).toBeInstanceOf(DhavDemuxer);
  });
});

describe('DHAV clock (16-bit ms counter)', () => {
  const cases: { name: string; raw: number[]; times: number[] }[] = [
    { name: 'steady', raw: [100, 140, 180], times: [0, 40, 80] },
    { name: 'wrap', raw: [65500, 65535, 4, 44], times: [0, 35, 40, 80] },
    { name: 'audio slightly older than video', raw: [1000, 1040, 1035, 1080], times: [0, 40, 35, 80] },
    { name: 'backwards across the wrap', raw: [10, 65530, 30], times: [0, -16, 20] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const clock = new DhavClock();
      expect(c.raw.map((r) => clock.next(r))).toEqual(c.times);
    });
  }
});

describe('DHAV audio payloads', () => {
  const audioFrame = (n: number, ext: string, payload: Uint8Array) =>
    encodeDhavFrame({ type: 0xf0, subtype: 0, channel: 0, subNumber: 0, frameNumber: n, date: 0, timestamp: n * 64, extensions: Buffer.from(ext, 'hex'), payload });

  it('AAC: strips the ADTS header and carries its AudioSpecificConfig; one track object while it is unchanged', () => {
    // ADTS: sync, MPEG-4, no CRC; profile LC (1), sampling_frequency_index 8 (16 kHz), channel_configuration 1
    const adts = Uint8Array.of(0xff, 0xf1, 0x60, 0x40, 0x01, 0x7f, 0xfc);
    const raw = Uint8Array.of(0x21, 0x10, 0x05);
    const d = new DhavDemuxer();
    const frames = d.push(Uint8Array.from([...audioFrame(0, '83011a04', Uint8Array.from([...adts, ...raw])), ...audioFrame(1, '83011a04', Uint8Array.from([...adts, ...raw]))]));
    expect(frames).toHaveLength(2);
    expect(frames[0]!.data).toEqual(raw);
    expect(frames[0]!.track).toEqual({ kind: 'audio', codec: 'aac', sampleRate: 16000, channels: 1, config: Uint8Array.of(0x14, 0x08) });
    expect(frames[1]!.track).toBe(frames[0]!.track);
    expect(frames[1]!.dts).toBe(64);
  });

  it('G.711 µ-law (0x0A and 0x16) at 8 kHz passes the samples through', () => {
    const samples = Uint8Array.of(0xff, 0x7f, 0x00, 0x80);
    const d = new DhavDemuxer();
    const [a, b] = d.push(Uint8Array.from([...audioFrame(0, '83010a00', samples), ...audioFrame(1, '83011600', samples)]));
    expect(a!.track).toEqual({ kind: 'audio', codec: 'pcmu', sampleRate: 8000, channels: 1 });
    expect(b!.track).toEqual(a!.track);
    expect(b!.data).toEqual(samples);
    expect(a!.data).toEqual(samples);
  });

  it('drops frames of codecs RTMP cannot carry (MP2 audio, MJPEG video) without failing', () => {
    const d = new DhavDemuxer();
    const mjpeg = encodeDhavFrame({ type: 0xfd, subtype: 0, channel: 0, subNumber: 0, frameNumber: 0, date: 0, timestamp: 0, extensions: Buffer.from('81000319', 'hex'), payload: Uint8Array.of(0xff, 0xd8) });
    expect(d.push(Uint8Array.from([...mjpeg, ...audioFrame(1, '83011f00', Uint8Array.of(1, 2, 3))]))).toEqual([]);
  });
});
