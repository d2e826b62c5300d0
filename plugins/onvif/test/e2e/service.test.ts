/**
 * End to end: the real service with the onvif plugin against Debian's GStreamer RTSP server and the ONVIF
 * emulator, publishing through the native FLV sink to node-media-server; ffprobe/ffmpeg read the rtmp_url back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeMediaServer, type RtmpServer } from '../../../../test/support/rtmp-server.js';
import { probePackets, probeStreams, recordStream, waitForStream } from '../../../../test/support/reader.js';
import { startService, type TestService } from '../../../../test/support/service.js';
import { hasGstRtspServer } from '../support/gst-server.js';
import { readHevcFlv } from '../support/hevc-flv.js';
import { PASSWORD, USER, startBed, type Bed } from '../support/fixture.js';

const gst = hasGstRtspServer();
if (!gst) console.log('onvif end to end: GStreamer RTSP server (gir1.2-gst-rtsp-server-1.0, python3-gi) not installed — skipped');

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.runIf(gst)('onvif end to end through node-media-server', () => {
  let bed: Bed;
  let server: RtmpServer;
  let svc: TestService;
  const tmp = mkdtempSync(join(tmpdir(), 'onvif-e2e-'));
  let NVR: { nvr_category: number; nvr_addr: string; nvr_port: number; nvr_user: string; nvr_pwd: string; nvr_channel: number };

  beforeAll(async () => {
    bed = await startBed();
    server = await startNodeMediaServer();
    NVR = { nvr_category: 2, nvr_addr: '127.0.0.1', nvr_port: bed.onvif.port, nvr_user: USER, nvr_pwd: PASSWORD, nvr_channel: 1 };
    svc = await startService({
      config: {
        rtmp: { publishUrl: server.publishBase },
        login: { graceMs: 100 },
        plugins: [{
          module: './plugins/onvif',
          // ONVIF mode for every device, except an RTSP-only one (the GStreamer server itself) by URL template.
          options: { devices: [{ addr: '127.0.0.1', port: bed.gst.port, liveUrl: 'rtsp://{addr}:{port}/Streaming/Channels/{channel}01', playback: 'hikvision', ptz: false }] },
        }, { module: './plugins/native-flv-sink' }],
      },
    });
  }, 90_000);

  afterAll(async () => {
    await svc?.close();
    await server?.stop();
    await bed?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('REAL_STREAM channel 1 → h264 320x240 + G.711 A-law from the device, AAC 8 kHz on the rtmp_url (native sink default); PTZ reaches the device as ContinuousMove/Stop', async () => {
    const r = await svc.post('/REAL_STREAM', NVR);
    expect(r.status_code).toBe(200);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    // the device sends PCMA; the native sink's default audio 'aac' encodes it in process
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '8000' });

    const ptz = await svc.post(`/STREAM/${r.play_handle}/PTZControl`, { command: 9, duration: 300 });
    expect(ptz.status_code).toBe(200);
    await until(() => bed.onvif.callsOf('Stop').length >= 1, 5000, 'PTZ stop');
    const move = bed.onvif.callsOf('ContinuousMove')[0]!.body as any;
    expect(move.ProfileToken).toBe('main');
    expect(move.Velocity.PanTilt).toMatchObject({ '@x': '0.5', '@y': '0' });
    expect((bed.onvif.callsOf('Stop')[0]!.body as any).ProfileToken).toBe('main');

    const focus = await svc.post(`/STREAM/${r.play_handle}/PTZControl`, { command: 2 });
    expect(focus.status_code).toBe(609);
    expect(focus.status_message).toMatch(/imaging service/);
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('REAL_STREAM channel 2 → H.265 (Enhanced RTMP, 320x240); channel 3 → AAC audio', async () => {
    const h265 = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 2 });
    expect(h265.status_code).toBe(200);
    // Enhanced RTMP (hvc1), read over node-media-server's HTTP-FLV: ffprobe 5.1 does not know it.
    const key = new URL(h265.rtmp_url).pathname.split('/').pop()!;
    expect(await readHevcFlv(server.httpFlvUrl(key), 25)).toEqual({ width: 320, height: 240, codedFrames: 25 });
    const aac = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 3 });
    expect(aac.status_code).toBe(200);
    const sAac = await probeStreams(aac.rtmp_url);
    expect(sAac.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '16000' });
    const ptz = await svc.post(`/STREAM/${aac.play_handle}/PTZControl`, { command: 9 });
    expect(ptz.status_code).toBe(609);
    expect(ptz.status_message).toContain('NoPTZProfile');
    for (const h of [h265.play_handle, aac.play_handle]) expect((await svc.get(`/STREAM/${h}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('BACK_STREAM (Profile G) lists the recording, plays it, and POSITION seeks with increasing timestamps', async () => {
    const r = await svc.post('/BACK_STREAM', { ...NVR, startTime: '2026-01-01 09:55:00', endTime: '2026-01-01 10:10:00' });
    expect(r.status_code).toBe(200);
    expect(r.record_files).toEqual([{ file_name: 'rec-1', file_size: 0, start_time: '2026-01-01 10:00:00', stop_time: '2026-01-01 10:10:00' }]);
    const streams = await waitForStream(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264' });
    const file = join(tmp, 'seek.flv');
    const reading = recordStream(r.rtmp_url, file, 3);
    await new Promise((res) => setTimeout(res, 1200));
    expect((await svc.post(`/STREAM/${r.play_handle}/POSITION`, { pos_time: '2026-01-01 10:05:00' })).status_code).toBe(200);
    expect(await reading).toBe(0);
    const dts = (await probePackets(file)).filter((p) => p.codec_type === 'video').map((p) => Number(p.dts));
    expect(dts.length).toBeGreaterThanOrEqual(30);
    for (let i = 1; i < dts.length; i++) expect(dts[i]).toBeGreaterThan(dts[i - 1]!);
    // Two replay sessions reached the device: the first and the one the seek opened.
    expect(bed.onvif.callsOf('GetReplayUri').length).toBeGreaterThanOrEqual(2);
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
    const none = await svc.post('/BACK_STREAM', { ...NVR, startTime: '2026-01-02 10:00:00', endTime: '2026-01-02 11:00:00' });
    expect(none.status_code).toBe(607);
  }, 60_000);

  it('a wrong password → 606 naming the device answer; retries come from the back-off, not the device', async () => {
    const before = bed.onvif.authFailures;
    const wrong = { ...NVR, nvr_pwd: 'not-the-password' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await svc.post('/REAL_STREAM', wrong));
    expect(answers.map((a) => a.status_code)).toEqual([606, 606, 606]);
    expect(answers[0].status_message).toContain('NotAuthorized');
    expect(answers[2].status_message).toMatch(/not retried/);
    // Only the first attempt reached the device: a device counting failures toward a lock-out saw one.
    expect(bed.onvif.authFailures).toBe(before + 1);
    const refused = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 9 });
    expect(refused.status_code).toBe(603);
    expect(refused.status_message).toContain('channel 9 has no media profile');
  }, 60_000);

  it('the RTSP server gone mid-stream: the core restarts the source and the same rtmp_url plays again', async () => {
    const r = await svc.post('/REAL_STREAM', NVR);
    expect(r.status_code).toBe(200);
    await waitForStream(r.rtmp_url);
    await bed.gst.kill();
    await new Promise((res) => setTimeout(res, 700));
    await bed.gst.restart();
    const again = await svc.post('/REAL_STREAM', NVR);
    expect(again.rtmp_url).toBe(r.rtmp_url);
    const file = join(tmp, 'after-restart.flv');
    expect(await recordStream(r.rtmp_url, file, 3)).toBe(0);
    const video = (await probePackets(file)).filter((p) => p.codec_type === 'video');
    expect(video.length).toBeGreaterThanOrEqual(10);
    for (const h of [r.play_handle, again.play_handle]) expect((await svc.get(`/STREAM/${h}/STOP`)).status_code).toBe(200);
    // Counted when the stream ends.
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/nvr_pusher_source_restarts_total(\{[^}]*\})? [1-9]/);
  }, 90_000);

  it('an RTSP-only device by URL template (devices entry): REAL_STREAM 200 and ffprobe reads h264; a wrong password → 606 naming 401', async () => {
    const dev = { ...NVR, nvr_port: bed.gst.port };
    const r = await svc.post('/REAL_STREAM', dev);
    expect(r.status_code).toBe(200);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264' });
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
    const back = await svc.post('/BACK_STREAM', { ...dev, startTime: '2026-01-01 10:00:00', endTime: '2026-01-01 10:05:00' });
    expect(back.status_code).toBe(200);
    expect((await waitForStream(back.rtmp_url)).find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264' });
    expect((await svc.get(`/STREAM/${back.play_handle}/STOP`)).status_code).toBe(200);
    const bad = await svc.post('/REAL_STREAM', { ...dev, nvr_pwd: 'nope-wrong' });
    expect(bad.status_code).toBe(606);
    expect(bad.status_message).toContain('401');
  }, 60_000);

  it('the NVR password never reaches a log line', () => {
    const logs = svc.logs.join('');
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain('not-the-password');
  });
});
