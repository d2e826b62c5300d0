/**
 * Publishing through the ffmpeg sink to real RTMP servers (node-media-server, nginx-rtmp), read back with
 * ffprobe: raw IMKH+PS with G.711 → H.264 + AAC; frames → H.264 640x360; audio `none` → no audio stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasNginxRtmp, startNginxRtmp, startNodeMediaServer, type RtmpServer } from '../../../test/support/rtmp-server.js';
import { StatusCode } from '@nvr-pusher/core/contracts';
import type { FfmpegSession } from '../src/index.js';
import { HEIGHT, WIDTH, frameLoop, pace } from './support/media.js';
import { fixturePsLoop, hasPsFixture, hikPs, rawPsLoop } from './support/raw.js';
import { createSink, liveTarget, uniqueKey } from './support/sink.js';
import { hasVideo, hasVideoAndAudio, probeUntil } from './support/probe.js';
import type { ProbedStream } from '../../../test/support/reader.js';

async function feedUntilProbed(session: FfmpegSession, url: string, tick: () => void, want: (s: ProbedStream[]) => boolean = hasVideoAndAudio) {
  const feeder = pace(tick);
  try {
    await session.published;
    return await probeUntil(url, want);
  } finally {
    feeder.stop();
    await session.close();
  }
}

const servers: Array<[string, () => Promise<RtmpServer>]> = [['node-media-server', startNodeMediaServer]];
if (hasNginxRtmp()) servers.push(['nginx-rtmp', startNginxRtmp]);

describe.each(servers)('ffmpeg sink → %s', (_name, start) => {
  let server: RtmpServer;
  beforeAll(async () => { server = await start(); });
  afterAll(async () => { await server?.stop(); });

  it('raw Hikvision PS (IMKH + H.264 + G.711) comes out as h264 + aac', async () => {
    const sink = await createSink();
    const key = uniqueKey('raw');
    const session = sink.open(liveTarget(server.publishBase, key));
    expect(session.acceptsRaw(hikPs)).toBe(true);
    const chunks = rawPsLoop(true);
    const streams = await feedUntilProbed(session, server.rtmpUrl(key), () => session.writeRaw(chunks.next().value!));
    const video = streams.find((s) => s.codec_type === 'video');
    const audio = streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: WIDTH, height: HEIGHT });
    expect(audio?.codec_name).toBe('aac');
    expect(session.stats().dropped).toBe(0);
  }, 60_000);
});

describe('ffmpeg sink → node-media-server, frames', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNodeMediaServer(); });
  afterAll(async () => { await server?.stop(); });

  // audio 'copy' makes the mapping visible: G.711 read as such reaches FLV as pcm_alaw; misread (no IMKH) it
  // would be mp2/mp3.
  it.runIf(hasPsFixture())('raw PS without an IMKH block (committed fixture) gets one: G.711 is read as pcm_alaw', async () => {
    const sink = await createSink({ probeSizeBytes: 64 * 1024, audio: 'copy' });
    const key = uniqueKey('noimkh');
    const session = sink.open(liveTarget(server.publishBase, key));
    expect(session.acceptsRaw(hikPs)).toBe(true);
    const chunks = fixturePsLoop();
    const streams = await feedUntilProbed(session, server.rtmpUrl(key), () => session.writeRaw(chunks.next().value!));
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: WIDTH, height: HEIGHT });
    expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('pcm_alaw');
  }, 60_000);

  it('frames (Annex-B H.264 + G.711) come out as h264 640x360 + aac', async () => {
    const sink = await createSink();
    const key = uniqueKey('frames');
    const session = sink.open(liveTarget(server.publishBase, key));
    const frames = frameLoop(true);
    const streams = await feedUntilProbed(session, server.rtmpUrl(key), () => {
      for (const f of frames.next().value!) session.writeFrame(f);
    });
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: WIDTH, height: HEIGHT });
    expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
  }, 60_000);

  it('audio "none" publishes video only', async () => {
    const sink = await createSink({ audio: 'none' });
    const key = uniqueKey('noaudio');
    const session = sink.open(liveTarget(server.publishBase, key));
    const frames = frameLoop(true);
    const streams = await feedUntilProbed(session, server.rtmpUrl(key), () => {
      for (const f of frames.next().value!) session.writeFrame(f);
    }, hasVideo);
    expect(streams.filter((s) => s.codec_type === 'video')).toHaveLength(1);
    expect(streams.filter((s) => s.codec_type === 'audio')).toHaveLength(0);
  }, 60_000);
});

describe.runIf(hasNginxRtmp())('ffmpeg sink → nginx-rtmp, busy stream name', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNginxRtmp(); });
  afterAll(async () => { await server?.stop(); });

  it('a second publisher on a busy name is refused: published rejects with 602 step publish', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024 });
    const key = uniqueKey('busy');
    const first = sink.open(liveTarget(server.publishBase, key));
    const a = frameLoop(false);
    const b = frameLoop(false);
    let second: FfmpegSession | undefined;
    const feeder = pace(() => {
      for (const f of a.next().value!) first.writeFrame(f);
      if (second) for (const f of b.next().value!) second.writeFrame(f);
    });
    try {
      await first.published;
      second = sink.open(liveTarget(server.publishBase, key));
      const err = await second.published.then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: StatusCode.ERR_CON_RTMPSEVER, step: 'publish' });
      expect((err as Error).message).toMatch(/Already publishing|BadName/);
    } finally {
      feeder.stop();
      await Promise.all([first.close(), second?.close()]);
    }
  }, 60_000);
});
