import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, type ApiFixture } from './api-service.js';

describe('service endpoints and limits', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({ config: { stream: { maxStreams: 2 } } });
  });
  afterAll(() => api?.close());

  it('GET /healthz reports readiness and counts', async () => {
    const r = await api.inject('GET', '/healthz');
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', handles: 0, streams: 0 });
  });

  it('GET /openapi.json documents the six endpoints without password examples', async () => {
    const r = await api.inject('GET', '/openapi.json');
    const paths = Object.keys(r.body.paths).map((p) => p.toUpperCase());
    for (const p of ['/REAL_STREAM', '/BACK_STREAM', '/STREAM/{PLAY_HANDLE}/BEATS', '/STREAM/{PLAY_HANDLE}/POSITION', '/STREAM/{PLAY_HANDLE}/PTZCONTROL', '/STREAM/{PLAY_HANDLE}/STOP'])
      expect(paths).toContain(p);
    expect(JSON.stringify(r.body)).not.toContain(NVR.nvr_pwd);
  });

  it('refuses streams beyond stream.maxStreams with a clear error, and shared ones still work', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 1 })).body;
    const b = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 2 })).body;
    const c = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 3 })).body;
    expect(c.status_code).toBe(603);
    expect(c.status_message).toMatch(/maximum of 2 streams \(stream\.maxStreams\)/);
    const shared = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 1 })).body;
    expect(shared.status_code).toBe(200);
    for (const h of [a, b, shared]) await api.inject('GET', `/STREAM/${h.play_handle}/STOP`);
  });

  it('no log line of this suite carries the NVR password', () => {
    expect(api.logs.length).toBeGreaterThan(5);
    expect(api.logs.join('')).not.toContain(NVR.nvr_pwd);
  });
});

describe('API token', () => {
  it('when api.token is set, requests need the bearer token (healthz stays open)', async () => {
    const api = await startApi({ config: { api: { token: 'tok-123456' } } });
    try {
      const denied = await api.inject('GET', '/STREAM/1/BEATS');
      expect(denied.statusCode).toBe(401);
      expect(denied.body.status_code).toBe(401);
      const wrong = await api.inject('GET', '/STREAM/1/BEATS', undefined, { authorization: 'Bearer nope' });
      expect(wrong.statusCode).toBe(401);
      const ok = await api.inject('GET', '/STREAM/1/BEATS', undefined, { authorization: 'Bearer tok-123456' });
      expect(ok.body.status_code).toBe(605);
      expect((await api.inject('GET', '/healthz')).statusCode).toBe(200);
      expect(api.logs.join('')).not.toContain('tok-123456');
    } finally {
      await api.close();
    }
  });
});

describe('GET /metrics', () => {
  it('exposes streams, handles, logins, API answers, vendor errors and expiries in Prometheus text format', async () => {
    const api = await startApi({ simulator: { refuseChannels: [7] }, config: { heartbeat: { timeoutMs: 200, sweepMs: 50 } } });
    try {
      const h = (await api.inject('POST', '/REAL_STREAM', NVR)).body.play_handle;
      await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_pwd: 'nope' });
      await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 7 });
      let text = (await api.running.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toContain('# TYPE nvr_pusher_streams gauge');
      expect(text).toMatch(/nvr_pusher_streams\{category="99",kind="live",state="running"\} 1/);
      expect(text).toMatch(/nvr_pusher_play_handles 1/);
      expect(text).toMatch(/nvr_pusher_requests_total\{endpoint="\/REAL_STREAM",status_code="200"\} 1/);
      expect(text).toMatch(/nvr_pusher_requests_total\{endpoint="\/REAL_STREAM",status_code="606"\} 1/);
      expect(text).toMatch(/nvr_pusher_login_failures_total\{category="99"\} 1/);
      expect(text).toMatch(/nvr_pusher_sdk_errors_total\{code="4",vendor="Simulator"\} 1/);
      expect(text).not.toContain(NVR.nvr_pwd);
      // Byte and frame counters are current while the stream runs, not only once it ended.
      expect(text).toMatch(/nvr_pusher_source_frames_total [1-9]/);
      expect(text).toMatch(/nvr_pusher_source_bytes_total [1-9]/);
      expect(text).toMatch(/nvr_pusher_republishes_total 0/);
      // prom-client's default process, heap and event-loop metrics.
      for (const m of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds'])
        expect(text).toContain(`# TYPE ${m} `);
      await new Promise((r) => setTimeout(r, 500));
      text = (await api.running.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toMatch(/nvr_pusher_heartbeat_expiries_total 1/);
      expect(text).toMatch(/nvr_pusher_play_handles 0/);
      expect(text).toMatch(/nvr_pusher_source_frames_total [1-9]/);
      void h;
    } finally {
      await api.close();
    }
  });
});

describe('per-client rate limit', () => {
  it('answers HTTP 429 with a JSON body once a client used its api.rateLimitPerMinute; /healthz stays open', async () => {
    const api = await startApi({ config: { api: { rateLimitPerMinute: 5 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await api.inject('GET', '/STREAM/1/BEATS')).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const r = await api.inject('GET', '/STREAM/1/BEATS');
      expect(r.body).toMatchObject({ status_code: 429 });
      expect(r.body.status_message).toMatch(/at most 5 per minute \(api\.rateLimitPerMinute\)/);
      expect((await api.inject('GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});
