/**
 * The plugin configured for RTSP-only devices by URL template (Hikvision and Dahua paths) against Debian's
 * GStreamer RTSP server with Basic authentication: live, vendor playback schemes, and the device's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PusherError, StatusCode, parseWallTime, type NvrSource, type PlaybackSource } from '@nvr-pusher/core/contracts';
import { SecretRegistry } from '../../../../core/logging/secrets.js';
import { loadPlugins } from '../../../../core/plugins/plugin-loader.js';
import { RecordingOutput } from '../../../../test/fakes/recording-output.js';
import { REPO_ROOT } from '../../../../test/support/service.js';
import { hasGstRtspServer, startGstServer, type GstServer } from '../support/gst-server.js';
import { PASSWORD, USER } from '../support/fixture.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const never = () => new AbortController().signal;
const gst = hasGstRtspServer();
if (!gst) console.log('onvif RTSP devices: GStreamer RTSP server (gir1.2-gst-rtsp-server-1.0, python3-gi) not installed — skipped');

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function load(options: Record<string, unknown>) {
  return loadPlugins([{ module: './plugins/onvif', options: { ...options } }], {
    baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
  });
}

describe.runIf(gst)('RTSP-only devices by URL template (GStreamer, Basic auth)', () => {
  let server: GstServer;
  beforeAll(async () => { server = await startGstServer(USER, PASSWORD, 'basic'); }, 30_000);
  afterAll(() => server?.stop());

  const creds = () => ({ category: 2, addr: '127.0.0.1', port: server.port, user: USER, password: PASSWORD });

  it('Hikvision paths: live H.264 + PCMA frames with increasing timestamps; /Streaming/tracks playback ends at the range end', async () => {
    const reg = await load({ liveUrl: 'rtsp://{addr}:{port}/Streaming/Channels/{channel}01', playback: 'hikvision' });
    const source = reg.sourceFor(2)!.source as NvrSource & PlaybackSource;
    const login = await source.login(creds(), never());
    const out = new RecordingOutput(reg.formats);
    const live = await source.openLive(login, 1, out, never());
    await until(() => out.frames.filter((f) => f.track.kind === 'video').length >= 20 && out.frames.some((f) => f.track.kind === 'audio'), 15_000, 'live frames');
    await live.close();
    const video = out.frames.filter((f) => f.track.kind === 'video');
    expect(video[0]!.key).toBe(true);
    for (let i = 1; i < video.length; i++) expect(video[i]!.dts).toBeGreaterThan(video[i - 1]!.dts);
    expect(out.frames.find((f) => f.track.kind === 'audio')!.track).toMatchObject({ codec: 'pcma', sampleRate: 8000 });

    const start = parseWallTime('2026-01-01 10:00:00')!;
    const files = await source.findRecords(login, 1, start, start + 2000, never());
    expect(files).toEqual([{ fileName: 'hikvision-playback-channel-1', fileSize: 0, start, stop: start + 2000 }]);
    const back = new RecordingOutput(reg.formats);
    const pb = await source.openPlayback(login, 1, start, start + 2000, back, never());
    await until(() => back.ended, 15_000, 'playback end after 2 s of media');
    await pb.close();
    expect(back.frames.filter((f) => f.track.kind === 'video').length).toBeGreaterThanOrEqual(45);
    await source.logout(login);
    await reg.dispose(() => undefined);
  }, 60_000);

  it('Dahua paths: /cam/realmonitor live and /cam/playback playback', async () => {
    const reg = await load({ liveUrl: 'rtsp://{addr}:{port}/cam/realmonitor?channel={channel}&subtype=0', playback: 'dahua' });
    const source = reg.sourceFor(2)!.source as NvrSource & PlaybackSource;
    const login = await source.login(creds(), never());
    const out = new RecordingOutput(reg.formats);
    const start = parseWallTime('2026-01-01 10:00:00')!;
    const pb = await source.openPlayback(login, 1, start, start + 60_000, out, never());
    await until(() => out.videoKeyFrames.length > 0, 15_000, 'a playback key frame');
    await pb.close();
    await source.logout(login);
    await reg.dispose(() => undefined);
  }, 60_000);

  it('a wrong password → 606 naming the 401; a path the device does not have → 603 naming the 404', async () => {
    const reg = await load({ liveUrl: 'rtsp://{addr}:{port}/Streaming/Channels/{channel}01' });
    const source = reg.sourceFor(2)!.source;
    const bad = await source.login({ ...creds(), password: 'wrong-one' }, never()).catch((e) => e);
    expect(bad).toBeInstanceOf(PusherError);
    expect([bad.code, bad.vendorCode]).toEqual([StatusCode.ERR_NVR_LOGIN, 401]);
    expect(bad.message).toContain('device answered 401 Unauthorized');
    const login = await source.login(creds(), never());
    const missing = await source.openLive(login, 7, new RecordingOutput(reg.formats), never()).catch((e) => e);
    expect([missing.code, missing.vendorCode]).toEqual([StatusCode.ERR_PLAY_REAL, 404]);
    expect(missing.message).toContain('404 Not Found');
    await reg.dispose(() => undefined);
  }, 60_000);

  it('a server that goes away mid-stream is reported once through out.fail (603), then nothing more is written', async () => {
    const other = await startGstServer(USER, PASSWORD, 'basic');
    const reg = await load({ liveUrl: 'rtsp://{addr}:{port}/Streaming/Channels/{channel}01' });
    const source = reg.sourceFor(2)!.source;
    const login = await source.login({ ...creds(), port: other.port }, never());
    const out = new RecordingOutput(reg.formats);
    const live = await source.openLive(login, 1, out, never());
    await until(() => out.videoKeyFrames.length > 0, 15_000, 'a key frame');
    await other.kill();
    await until(() => out.failure !== undefined, 10_000, 'the failure');
    expect(out.failure!.code).toBe(StatusCode.ERR_PLAY_REAL);
    out.seal();
    await other.restart(); // the server is back, but this session is over: the core opens a new one
    await new Promise((r) => setTimeout(r, 500));
    expect(out.lateWrites).toBe(0);
    await live.close();
    await other.stop();
    await reg.dispose(() => undefined);
  }, 60_000);
});
