import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from './api-service.js';

describe('live source recovery', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({
      config: {
        stream: { silenceTimeoutMs: 300, restartDelayMs: 50, sourceRestartMaxAttempts: 2 },
        heartbeat: { sweepMs: 50 },
      },
    });
  });
  afterAll(() => api?.close());

  const sessionsOf = (channel: number) => api.sim.liveSessionCount(channel);

  it('a failed NVR session is reopened: same handle, same rtmp_url, frames flow again after a discontinuity', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 21 })).body;
    const sink = api.sink.sessions.find((s) => s.target.url === r.rtmp_url)!;
    expect(api.sim.injectFault(21, 'fail')).toBe(1);
    const before = sink.frames.length;
    const disc = sink.discontinuities;
    await until(() => sink.discontinuities > disc && sink.frames.length > before + 10);
    expect(sessionsOf(21)).toBe(1);
    expect((await api.inject('GET', `/STREAM/${r.play_handle}/BEATS`)).body.status_code).toBe(200);
    expect(api.sink.sessions.filter((s) => s.target.url === r.rtmp_url)).toHaveLength(1);
    await api.inject('GET', `/STREAM/${r.play_handle}/STOP`);
  });

  it('a source that goes silent without an error is detected and restarted', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 22 })).body;
    const sink = api.sink.sessions.find((s) => s.target.url === r.rtmp_url)!;
    const logins = api.sim.loginAttempts;
    api.sim.injectFault(22, 'silence');
    const before = sink.frames.length;
    await until(() => sink.frames.length > before + 10);
    expect(api.running.service.scheduler.snapshot().find((s) => r.rtmp_url.endsWith(s.key))?.sourceRestartCount).toBe(1);
    expect(api.sim.loginAttempts).toBe(logins);
    await api.inject('GET', `/STREAM/${r.play_handle}/STOP`);
  });

  it('gives up after sourceRestartMaxAttempts, renewing the login on the way, and frees the handle', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 23 })).body;
    const logins = api.sim.loginAttempts;
    api.sim.refused.add(23);
    api.sim.injectFault(23, 'fail');
    await until(async () => (await api.inject('GET', `/STREAM/${r.play_handle}/BEATS`)).body.status_code === 605, 8000);
    expect(api.sim.loginAttempts).toBeGreaterThan(logins);
    expect(sessionsOf(23)).toBe(0);
    expect(api.running.service.scheduler.upstreamCount).toBe(0);
  });
});

describe('RTMP re-publish', () => {
  it('when the server drops a publication, a new session publishes on the same key, starting with the cached GOP', async () => {
    const api = await startApi({ config: { stream: { restartDelayMs: 50 } } });
    try {
      const r = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
      const first = api.sink.sessions.at(-1)!;
      await until(() => first.frames.length > 5);
      first.drop();
      await until(() => api.sink.sessions.length === 2 && api.sink.sessions[1]!.frames.length > 0);
      const second = api.sink.sessions[1]!;
      expect(second.target).toEqual(first.target);
      expect(first.closed).toBe(true);
      expect(second.frames[0]!.key).toBe(true);
      expect((await api.inject('GET', `/STREAM/${r.play_handle}/BEATS`)).body.status_code).toBe(200);
      await until(() => api.running.service.scheduler.snapshot()[0]?.republishCount === 1);
    } finally {
      await api.close();
    }
  });
});
