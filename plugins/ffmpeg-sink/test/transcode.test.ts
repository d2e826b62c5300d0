/**
 * H.265 → H.264 (`videoTranscode: "h264"`) through a real libx264 encode, and secrets in the target URL never
 * reaching the logs — both against node-media-server, read back with ffprobe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { AnnexBFramer } from '@nvr-pusher/core/media';
import { startNodeMediaServer, type RtmpServer } from '../../../test/support/rtmp-server.js';
import { waitForStream } from '../../../test/support/reader.js';
import { FRAME_MS, frameLoop, pace } from './support/media.js';
import { createSink, liveTarget, uniqueKey, type LogRecord } from './support/sink.js';

const h265File = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/media/h265-640x360-25fps.h265');

/** The committed H.265 clip as frames, looped with increasing timestamps. */
function* h265Loop(): Generator<MediaFrame> {
  const framer = new AnnexBFramer('h265', { frameRate: 25 });
  const data = fs.readFileSync(h265File);
  const clip = [...framer.push(data), ...framer.flush()];
  for (let i = 0; ; i++) {
    const f = clip[i % clip.length]!;
    yield { ...f, dts: i * FRAME_MS, pts: i * FRAME_MS };
  }
}

describe('ffmpeg sink transcoding and log hygiene', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNodeMediaServer(); });
  afterAll(async () => { await server?.stop(); });

  it.runIf(fs.existsSync(h265File))('videoTranscode h264: H.265 frames come out as h264 640x360', async () => {
    const sink = await createSink({ videoTranscode: 'h264', videoBitrateKbps: 500, audio: 'none', probeSizeBytes: 32 * 1024 });
    const key = uniqueKey('hevc');
    const session = sink.open(liveTarget(server.publishBase, key));
    const frames = h265Loop();
    const feeder = pace(() => session.writeFrame(frames.next().value!));
    try {
      await session.published;
      const streams = await waitForStream(server.rtmpUrl(key), 20_000);
      expect(streams.filter((s) => s.codec_type === 'video')).toEqual([expect.objectContaining({ codec_name: 'h264', width: 640, height: 360 })]);
    } finally {
      feeder.stop();
      await session.close();
    }
  }, 60_000);

  it('userinfo and query tokens of the target URL appear in no log line', async () => {
    const records: LogRecord[] = [];
    const sink = await createSink({ probeSizeBytes: 32 * 1024 }, records);
    const key = uniqueKey('secret');
    const url = `rtmp://pusher:Pa55word@127.0.0.1:${server.rtmpPort}/live/${key}?token=T0kenValue`;
    const session = sink.open({ url, streamKey: key, kind: 'live' });
    const frames = frameLoop(true);
    const feeder = pace(() => { for (const f of frames.next().value!) session.writeFrame(f); });
    try {
      await session.published;
    } finally {
      feeder.stop();
      await session.close();
    }
    const text = JSON.stringify(records);
    expect(text).toContain('ffmpeg started');
    expect(text).toContain('rtmp://***@127.0.0.1');
    expect(text).not.toMatch(/Pa55word|T0kenValue/);
  }, 60_000);
});
