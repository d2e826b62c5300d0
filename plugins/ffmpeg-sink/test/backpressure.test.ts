/**
 * Stdin back-pressure with a real ffmpeg that stops reading (SIGSTOP): the session's queue stays within
 * `maxBufferBytes`, the excess is dropped and counted, and video resumes only at a key frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../../../test/support/rtmp-server.js';
import { waitForStream } from '../../../test/support/reader.js';
import { frameLoop, pace } from './support/media.js';
import { hikPs, rawPsLoop } from './support/raw.js';
import { createSink, liveTarget, uniqueKey } from './support/sink.js';

const MAX_BUFFER = 256 * 1024;

describe('ffmpeg sink back-pressure', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNodeMediaServer(); });
  afterAll(async () => { await server?.stop(); });

  it('frames: a stalled ffmpeg makes the sink drop (counted) instead of queueing without bound', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024, maxBufferBytes: MAX_BUFFER });
    const key = uniqueKey('stall');
    const session = sink.open(liveTarget(server.publishBase, key));
    const frames = frameLoop(true);
    const feeder = pace(() => { for (const f of frames.next().value!) session.writeFrame(f); });
    await session.published;
    feeder.stop();
    const pid = session.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const before = session.stats();
      // Far faster than real time: 3000 ticks (2 minutes of media, ~5 MB) in one go.
      let maxBuffered = 0;
      for (let i = 0; i < 3000; i++) {
        for (const f of frames.next().value!) session.writeFrame(f);
        maxBuffered = Math.max(maxBuffered, session.stats().bufferedBytes);
      }
      const after = session.stats();
      expect(after.framesIn - before.framesIn).toBe(6000);
      expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFER);
      expect(after.dropped - before.dropped).toBeGreaterThan(1000);
      expect(after.bytesIn - before.bytesIn - (after.droppedBytes - before.droppedBytes)).toBeLessThanOrEqual(MAX_BUFFER + 128 * 1024);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Once ffmpeg reads again, the stream goes on (video restarts at a key frame).
    const resumed = pace(() => { for (const f of frames.next().value!) session.writeFrame(f); });
    try {
      const streams = await waitForStream(server.rtmpUrl(key), 20_000);
      expect(streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
    } finally {
      resumed.stop();
      await session.close();
    }
  }, 60_000);

  it('raw: chunks beyond the bound are dropped and counted', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024, maxBufferBytes: MAX_BUFFER });
    const session = sink.open(liveTarget(server.publishBase, uniqueKey('stallraw')));
    expect(session.acceptsRaw(hikPs)).toBe(true);
    const chunks = rawPsLoop(true);
    const feeder = pace(() => session.writeRaw(chunks.next().value!));
    await session.published;
    feeder.stop();
    const pid = session.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      let maxBuffered = 0;
      for (let i = 0; i < 3000; i++) {
        session.writeRaw(chunks.next().value!);
        maxBuffered = Math.max(maxBuffered, session.stats().bufferedBytes);
      }
      const s = session.stats();
      expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFER);
      expect(s.dropped).toBeGreaterThan(1000);
      expect(s.droppedBytes).toBeGreaterThan(3 * 1024 * 1024);
    } finally {
      process.kill(pid, 'SIGCONT');
      await session.close();
    }
  }, 60_000);
});
