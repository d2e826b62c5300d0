import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from './api-service.js';

const RANGE = { startTime: '2016-07-20 12:10:00', endTime: '2016-07-20 13:30:00' };

describe('GET /api/streams and /api/host (read-only, for the console)', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({ config: { rtmp: { httpFlvUrl: 'http://srs.example:8080/live/' } } });
  });
  afterAll(() => api?.close());

  it('lists nothing at first', async () => {
    expect((await api.inject('GET', '/api/streams')).body).toEqual({ status_code: 200, status_message: 'OK', streams: [] });
  });

  it('shows each upstream with its NVR (no password), handles and their last BEATS, codecs, rates and counters', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
    const b = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
    const p = (await api.inject('POST', '/BACK_STREAM', { ...NVR, nvr_channel: 2, ...RANGE })).body;
    const key = a.rtmp_url.split('/').pop();
    // Rates need a couple of seconds of media (2 s windows).
    await until(async () => (await api.inject('GET', '/api/streams')).body.streams.find((s: any) => s.stream_key === key)?.fps_in > 0, 10_000);
    const r = await api.inject('GET', '/api/streams');
    expect(r.statusCode).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(NVR.nvr_pwd);
    const live = r.body.streams.find((s: any) => s.stream_key === key);
    expect(live).toMatchObject({
      kind: 'live', state: 'running', rtmp_url: a.rtmp_url, http_flv_url: `http://srs.example:8080/live/${key}.flv`,
      nvr: { category: 99, addr: NVR.nvr_addr, port: NVR.nvr_port, channel: 1, plugin: 'simulator' },
      video: { codec: 'h264', width: 640, height: 360 }, audio: null, republishes: 0, source_restarts: 0, frames_dropped: 0,
    });
    expect(live.handles.map((h: any) => h.play_handle)).toEqual([a.play_handle, b.play_handle]);
    for (const h of live.handles) expect(h.last_beat_s_ago).toBeGreaterThanOrEqual(0);
    expect(live.fps_in).toBeGreaterThan(10);
    expect(live.fps_in).toBeLessThan(40);
    expect(live.bitrate_in_kbps).toBeGreaterThan(10);
    expect(live.frames_in).toBeGreaterThan(0);
    expect(live.uptime_s).toBeGreaterThan(0);
    const back = r.body.streams.find((s: any) => s.kind === 'playback');
    expect(back).toMatchObject({ start_time: RANGE.startTime, stop_time: RANGE.endTime, handles: [{ play_handle: p.play_handle }], nvr: { channel: 2 } });
    expect(back.audio).toMatchObject({ codec: 'pcma', sample_rate: 8000, channels: 1 });
    for (const h of [a, b, p]) await api.inject('GET', `/STREAM/${h.play_handle}/STOP`);
    expect((await api.inject('GET', '/api/streams')).body.streams).toEqual([]);
  });

  it('a BEATS shows as a fresher last beat than its sibling handle\'s', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 5 })).body;
    const b = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 5 })).body;
    await new Promise((r) => setTimeout(r, 1200));
    await api.inject('GET', `/STREAM/${b.play_handle}/BEATS`);
    const [s] = (await api.inject('GET', '/api/streams')).body.streams;
    const ago = Object.fromEntries(s.handles.map((h: any) => [h.play_handle, h.last_beat_s_ago]));
    expect(ago[a.play_handle]).toBeGreaterThanOrEqual(1);
    expect(ago[b.play_handle]).toBeLessThan(ago[a.play_handle]);
    for (const h of [a, b]) await api.inject('GET', `/STREAM/${h.play_handle}/STOP`);
  });

  it('/api/host lists the plugins with versions, categories and capabilities, the sink and the logins (no password)', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
    const r = (await api.inject('GET', '/api/host')).body;
    expect(r).toMatchObject({ status_code: 200, sink: 'fake-sink', http_flv_base: 'http://srs.example:8080/live', heartbeat_timeout_ms: 60_000 });
    expect(r.plugins).toContainEqual({ name: 'simulator', version: '0.1.0', kind: 'source', categories: [99], capabilities: ['live', 'playback', 'seek', 'ptz'] });
    expect(r.plugins.find((p: any) => p.name === 'fake-sink')).toMatchObject({ kind: 'sink', categories: [] });
    expect(r.logins).toEqual([{ login: `99:admin@${NVR.nvr_addr}:8000`, users: 1, state: 'in-use' }]);
    expect(JSON.stringify(r)).not.toContain(NVR.nvr_pwd);
    await api.inject('GET', `/STREAM/${a.play_handle}/STOP`);
  });

  it('both are in the OpenAPI document; the console\'s static files are not', async () => {
    const paths = Object.keys((await api.inject('GET', '/openapi.json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/streams', '/api/host']));
    expect(paths.filter((p) => p === '/' || p.startsWith('/console'))).toEqual([]);
  });
});

describe('GET /api/streams behind api.token', () => {
  it('answers 401 without the bearer token and 200 with it', async () => {
    const api = await startApi({ config: { api: { token: 'tok-streams-1' } } });
    try {
      expect((await api.inject('GET', '/api/streams')).statusCode).toBe(401);
      expect((await api.inject('GET', '/api/host')).statusCode).toBe(401);
      const ok = await api.inject('GET', '/api/streams', undefined, { authorization: 'Bearer tok-streams-1' });
      expect(ok.body).toMatchObject({ status_code: 200, streams: [] });
      const page = await api.running.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
    } finally {
      await api.close();
    }
  });
});
