/**
 * Issue 8, "Faults", first bullet, through the whole service: the RTMP server (node-media-server in a child
 * process) is killed and restarted while several streams run (two live cameras, one of them shared by two
 * handles, and a playback). Every stream re-publishes on its own key, every handle keeps answering BEATS, and
 * ffprobe reads each rtmp_url again. Real service, simulator, native-flv-sink, node-media-server, ffprobe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorSource } from '../../plugins/simulator/src/index.js';
import { until } from '../api/api-service.js';
import { waitForStream } from '../support/reader.js';
import { startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { startService, type TestService } from '../support/service.js';

const PWD = 'Rtmp-Restart-Pw-5';
const NVR = { nvr_category: 99, nvr_addr: '10.4.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: PWD };

describe('RTMP server killed and restarted under several streams', () => {
  let server: RtmpServer;
  let svc: TestService;
  beforeAll(async () => {
    server = await startNodeMediaServer();
    svc = await startService({
      config: {
        rtmp: { publishUrl: server.publishBase },
        sink: 'native-flv-sink',
        stream: { restartDelayMs: 200, restartMaxDelayMs: 1000, restartMaxAttempts: 0 },
        login: { graceMs: 50 },
        plugins: [
          { module: './plugins/simulator', options: { password: PWD } },
          { module: './plugins/native-flv-sink' },
        ],
      },
    });
  });
  afterAll(async () => {
    await svc?.close();
    await server?.stop();
  });

  it('every stream re-publishes on the same key; handles, rtmp_url and the readers carry on', async () => {
    const a = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 1 });
    const b1 = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 2 });
    const b2 = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 2 });
    const c = await svc.post('/BACK_STREAM', { ...NVR, nvr_channel: 5, startTime: '2024-06-01 08:00:00', endTime: '2024-06-01 09:00:00' });
    for (const r of [a, b1, b2, c]) expect(r.status_code, JSON.stringify(r)).toBe(200);
    expect(b2.rtmp_url).toBe(b1.rtmp_url);
    const urls = [a.rtmp_url, b1.rtmp_url, c.rtmp_url] as string[];
    for (const u of urls) expect(u.startsWith(server.publishBase + '/')).toBe(true);
    // H.264 channels only: ffprobe 5.1 cannot read enhanced-RTMP H.265 over RTMP (channel 3 of the simulator).
    const video = async (u: string, ms?: number) => (await waitForStream(u, ms)).find((s) => s.codec_type === 'video')?.codec_name;
    for (const u of urls) expect(await video(u)).toBe('h264');

    const scheduler = svc.running.service.scheduler;
    const states = () => scheduler.snapshot();
    expect(states().map((s) => s.state)).toEqual(['running', 'running', 'running']);
    const keys = states().map((s) => s.key).sort();
    await server.kill();
    await until(() => states().every((s) => s.state === 'republishing'), 15_000);
    await server.restart();
    await until(() => states().every((s) => s.state === 'running' && s.republishCount >= 1), 30_000);

    // Same upstreams, same keys: nothing was torn down and restarted under a new name.
    expect(states().map((s) => s.key).sort()).toEqual(keys);
    expect(urls.map((u) => u.split('/').at(-1)).sort()).toEqual(keys);
    for (const h of [a, b1, b2, c]) expect((await svc.get(`/STREAM/${h.play_handle}/BEATS`)).status_code).toBe(200);
    for (const u of urls) expect(await video(u, 20_000)).toBe('h264');

    for (const h of [a, b1, b2, c]) expect((await svc.get(`/STREAM/${h.play_handle}/STOP`)).status_code).toBe(200);
    const sim = svc.running.service.plugins.sources.get(99)!.source as unknown as SimulatorSource;
    await until(() => scheduler.upstreamCount === 0 && sim.sessions.size === 0 && scheduler.logins.size === 0 && sim.logins.size === 0, 5000);
    expect(svc.logs.join('')).not.toContain(PWD);
  }, 90_000);
});
