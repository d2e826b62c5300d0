/** Profile G playback through the source against GStreamer's ONVIF replay factory and the ONVIF emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCode, parseWallTime, type NvrSource, type PlaybackSource, type SeekableSession } from '@nvr-pusher/core/contracts';
import { SecretRegistry } from '../../../../core/logging/secrets.js';
import { loadPlugins } from '../../../../core/plugins/plugin-loader.js';
import { RecordingOutput } from '../../../../test/fakes/recording-output.js';
import { REPO_ROOT } from '../../../../test/support/service.js';
import { hasGstRtspServer } from '../support/gst-server.js';
import { PASSWORD, USER, startBed, type Bed } from '../support/fixture.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const never = () => new AbortController().signal;
const gst = hasGstRtspServer();
if (!gst) console.log('onvif playback: GStreamer RTSP server (gir1.2-gst-rtsp-server-1.0, python3-gi) not installed — skipped');

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.runIf(gst)('Profile G playback and seek', () => {
  let bed: Bed;
  beforeAll(async () => { bed = await startBed(); }, 30_000);
  afterAll(() => bed?.stop());

  it('record_files in the device local time (offset applied to ONVIF UTC), replay plays, a failed seek ends the stream with 608', async () => {
    // The device's wall clock is UTC+8: 18:00 local = 10:00Z, inside rec-1 (10:00Z–11:00Z).
    const reg = await loadPlugins([{ module: './plugins/onvif', options: { timeZoneOffsetMinutes: 480 } }], {
      baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
    });
    const source = reg.sourceFor(2)!.source as NvrSource & PlaybackSource;
    const login = await source.login({ category: 2, addr: '127.0.0.1', port: bed.onvif.port, user: USER, password: PASSWORD }, never());
    const start = parseWallTime('2026-01-01 18:05:00')!;
    const files = await source.findRecords(login, 1, parseWallTime('2026-01-01 17:00:00')!, start + 60_000, never());
    expect(files).toEqual([{ fileName: 'rec-1', fileSize: 0, start: parseWallTime('2026-01-01 18:00:00')!, stop: start + 60_000 }]);
    const out = new RecordingOutput(reg.formats);
    const session = (await source.openPlayback(login, 1, start, start + 60_000, out, never())) as SeekableSession;
    await until(() => out.videoKeyFrames.length > 0, 15_000, 'a replay key frame');

    // The recording disappears from the device: the seek's new replay session cannot be set up.
    const saved = bed.onvif.config.recordings.splice(0);
    const err = await session.seek(start + 30_000).catch((e) => e);
    bed.onvif.config.recordings.push(...saved);
    expect(err.code).toBe(StatusCode.ERR_PLAY_CONTROL);
    expect(out.discontinuities).toEqual(['seek']);
    expect(out.failure?.code).toBe(StatusCode.ERR_PLAY_CONTROL);
    await session.close();
    await reg.dispose(() => undefined);
  }, 60_000);
});
