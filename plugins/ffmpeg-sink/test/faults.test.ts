/**
 * Failure paths against a real node-media-server and real ffmpeg processes: wrong server → 602, close() leaves
 * no process (also when ffmpeg is stopped and only SIGKILL works), a killed ffmpeg resolves `failed` and a new
 * session on the same key publishes again, close before publishing rejects `published`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCode } from '@nvr-pusher/core/contracts';
import { freePort } from '../../../test/support/ports.js';
import { startNodeMediaServer, type RtmpServer } from '../../../test/support/rtmp-server.js';
import { waitForStream } from '../../../test/support/reader.js';
import type { FfmpegSession } from '../src/index.js';
import { livePids } from '../src/pid-registry.js';
import { frameLoop, pace } from './support/media.js';
import { isAlive, waitUntil } from './support/process.js';
import { createSink, liveTarget, uniqueKey, type LogRecord } from './support/sink.js';

function feedFrames(session: FfmpegSession): { stop(): void } {
  const frames = frameLoop(true);
  return pace(() => { for (const f of frames.next().value!) session.writeFrame(f); });
}

describe('ffmpeg sink failures', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNodeMediaServer(); });
  afterAll(async () => { await server?.stop(); });

  it('published rejects with 602 (step connect) when nothing listens on the server port, and ffmpeg is never started', async () => {
    const records: LogRecord[] = [];
    const sink = await createSink({ probeSizeBytes: 32 * 1024 }, records);
    const port = await freePort();
    const session = sink.open(liveTarget(`rtmp://127.0.0.1:${port}/live`, uniqueKey('closed')));
    const feeder = feedFrames(session);
    try {
      const err = await session.published.then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: StatusCode.ERR_CON_RTMPSEVER, step: 'connect' });
      expect((err as Error).message).toMatch(/ECONNREFUSED|Connection refused/);
    } finally {
      feeder.stop();
      await session.close();
    }
    // The TCP check failed first: no ffmpeg was spawned for this attempt (a re-publish loop costs no processes).
    expect(session.pid).toBeUndefined();
    expect(records.filter((r) => r.msg === 'ffmpeg started')).toEqual([]);
    expect(livePids()).toEqual([]);
  }, 30_000);

  it('close() ends ffmpeg, leaves no process, and never resolves failed', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024 });
    const session = sink.open(liveTarget(server.publishBase, uniqueKey('close')));
    const feeder = feedFrames(session);
    await session.published;
    const pid = session.pid!;
    expect(isAlive(pid)).toBe(true);
    expect(livePids()).toContain(pid);
    let failed = false;
    void session.failed.then(() => { failed = true; });
    feeder.stop();
    await Promise.all([session.close(), session.close()]);
    expect(isAlive(pid)).toBe(false);
    expect(livePids()).not.toContain(pid);
    await new Promise((r) => setTimeout(r, 200));
    expect(failed).toBe(false);
  }, 30_000);

  it('close() of a stopped (SIGSTOP) ffmpeg escalates to SIGKILL and leaves no process', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024, closeGraceMs: 300, killGraceMs: 300 });
    const session = sink.open(liveTarget(server.publishBase, uniqueKey('stopped')));
    const feeder = feedFrames(session);
    await session.published;
    feeder.stop();
    const pid = session.pid!;
    process.kill(pid, 'SIGSTOP');
    await session.close();
    expect(isAlive(pid)).toBe(false);
  }, 30_000);

  it('a killed ffmpeg resolves failed with 602; a new session on the same key publishes again', async () => {
    const sink = await createSink({ probeSizeBytes: 32 * 1024 });
    const key = uniqueKey('killed');
    const first = sink.open(liveTarget(server.publishBase, key));
    let feeder = feedFrames(first);
    await first.published;
    process.kill(first.pid!, 'SIGKILL');
    const error = await first.failed;
    feeder.stop();
    expect(error.code).toBe(StatusCode.ERR_CON_RTMPSEVER);
    expect(error.message).toMatch(/SIGKILL/);
    await first.close();

    // What the core's restart policy does: a new session on the same key.
    const second = sink.open(liveTarget(server.publishBase, key));
    feeder = feedFrames(second);
    try {
      await second.published;
      const streams = await waitForStream(server.rtmpUrl(key), 20_000);
      expect(streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
    } finally {
      feeder.stop();
      await second.close();
    }
  }, 60_000);

  it('close() before publishing rejects published with 602 and stops ffmpeg', async () => {
    const sink = await createSink();
    const session = sink.open(liveTarget(server.publishBase, uniqueKey('early')));
    const frames = frameLoop(true);
    for (const f of frames.next().value!) session.writeFrame(f); // spawns ffmpeg; it waits for more input
    await waitUntil(() => session.pid !== undefined, 10_000, 'ffmpeg spawn');
    const pid = session.pid!;
    await session.close();
    await expect(session.published).rejects.toMatchObject({ code: StatusCode.ERR_CON_RTMPSEVER });
    expect(isAlive(pid)).toBe(false);
  }, 30_000);
});
