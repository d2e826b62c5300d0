/**
 * End to end over real sockets: the service with the simulator source and the native FLV sink publishing to a real
 * RTMP server started by the test; ffprobe/ffmpeg read back what arrived.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasNginxRtmp, startNginxRtmp, startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { probePackets, probeStreams, publishTestPattern, recordStream, waitForStream } from '../support/reader.js';
import { startService, type TestService } from '../support/service.js';

const NVR = { nvr_category: 99, nvr_addr: '192.0.2.10', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'e2e-Secret-9', nvr_channel: 1 };

const servers: Array<[string, () => Promise<RtmpServer>]> = [['node-media-server', startNodeMediaServer]];
if (hasNginxRtmp()) servers.push(['nginx-rtmp', startNginxRtmp]);

/** BEATS every second while a slow read runs (the suite's heartbeat timeout is short on purpose). */
function keepAlive(svc: TestService, handle: number): () => void {
  const t = setInterval(() => void svc.get(`/STREAM/${handle}/BEATS`), 1000);
  return () => clearInterval(t);
}

describe.each(servers)('end to end through %s', (_name, startServer) => {
  let server: RtmpServer;
  let svc: TestService;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-'));

  beforeAll(async () => {
    server = await startServer();
    svc = await startService({
      config: {
        rtmp: { publishUrl: server.publishBase },
        sink: 'native-flv-sink',
        plugins: [{ module: './plugins/simulator' }, { module: './plugins/native-flv-sink' }],
        heartbeat: { timeoutMs: 3000, sweepMs: 100 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('REAL_STREAM → the rtmp_url plays (ffprobe: h264 640x360, frames arrive) → BEATS → STOP → gone', async () => {
    const r = await svc.post('/REAL_STREAM', NVR);
    expect(r.status_code).toBe(200);
    expect(r.rtmp_url.startsWith(server.publishBase + '/')).toBe(true);
    const stopBeats = keepAlive(svc, r.play_handle);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    const file = path.join(tmp, 'live.flv');
    expect(await recordStream(r.rtmp_url, file, 2)).toBe(0);
    const video = (await probePackets(file)).filter((p) => p.codec_type === 'video');
    expect(video.length).toBeGreaterThanOrEqual(40);
    stopBeats();
    expect((await svc.get(`/STREAM/${r.play_handle}/BEATS`)).status_code).toBe(200);
    // while our publication is on the key, the server refuses another publisher (proved before STOP)...
    expect(await publishTestPattern(r.rtmp_url)).toBe(false);
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
    // ...and takes one at once after STOP: the publication is gone (a reader is no proof on node-media-server 4,
    // which serves a stopped stream's cached GOP for a 30 s grace window)
    expect(await publishTestPattern(r.rtmp_url)).toBe(true);
  });

  it('two requests for one camera share the upstream: same rtmp_url, one publication', async () => {
    const a = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 5 });
    const b = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 5 });
    expect(b.rtmp_url).toBe(a.rtmp_url);
    expect(b.play_handle).not.toBe(a.play_handle);
    await svc.get(`/STREAM/${a.play_handle}/STOP`);
    const stopBeats = keepAlive(svc, b.play_handle);
    const streams = await waitForStream(b.rtmp_url);
    stopBeats();
    expect(streams.some((s) => s.codec_type === 'video')).toBe(true);
    await svc.get(`/STREAM/${b.play_handle}/STOP`);
  });

  it('a handle without BEATS expires and its stream is unpublished', async () => {
    const r = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 4 });
    expect(r.status_code).toBe(200);
    const deadline = Date.now() + 10_000;
    while ((await svc.get(`/STREAM/${r.play_handle}/BEATS`)).status_code === 200) {
      if (Date.now() > deadline) throw new Error('handle never expired');
      await new Promise((res) => setTimeout(res, 3500));
    }
    expect(svc.running.service.scheduler.upstreamCount).toBe(0);
  });

  it('the NVR password never reaches a log line', () => {
    expect(svc.logs.join('')).not.toContain(NVR.nvr_pwd);
  });
});
