import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NVR, startApi, type ApiFixture } from '../api/api-service.js';

const HOUR = 3_600_000;

/** Every deadline runs on the monotonic clock: a wall-clock step (NTP, an operator, a VM resume) changes nothing. */
describe('wall-clock jumps of ±1 h', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({
      config: { heartbeat: { timeoutMs: 60_000, sweepMs: 60_000 }, stream: { silenceTimeoutMs: 5_000 }, login: { backoffMs: 30_000 } },
    });
  });
  afterAll(() => api?.close());
  afterEach(() => vi.restoreAllMocks());

  const jump = (ms: number) => {
    const real = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => real() + ms);
  };

  for (const offset of [HOUR, -HOUR]) {
    it(`${offset > 0 ? '+' : '−'}1 h: no handle expires, no stream is declared silent, BEATS keeps working`, async () => {
      const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 31 + (offset > 0 ? 0 : 1) })).body;
      expect(r.status_code).toBe(200);
      const scheduler = api.running.service.scheduler;
      const handles = scheduler.handleCount;
      jump(offset);
      expect(await scheduler.expire()).toBe(0);
      expect(scheduler.handleCount).toBe(handles);
      expect(scheduler.snapshot().every((s) => s.state === 'running')).toBe(true);
      // A beat taken during the jump: on the wall clock its deadline would be an hour off once the clock is back.
      expect((await api.inject('GET', `/STREAM/${r.play_handle}/BEATS`)).body.status_code).toBe(200);
      vi.restoreAllMocks();
      expect(await scheduler.expire()).toBe(0);
      expect(scheduler.handleCount).toBe(handles);
      await api.inject('GET', `/STREAM/${r.play_handle}/STOP`);
    });
  }

  it('+1 h: a failed login is still answered from the back-off window (the NVR is not asked again)', async () => {
    const bad = { ...NVR, nvr_pwd: 'wrong-password', nvr_channel: 33 };
    expect((await api.inject('POST', '/REAL_STREAM', bad)).body.status_code).toBe(606);
    const attempts = api.sim.loginAttempts;
    jump(HOUR);
    expect((await api.inject('POST', '/REAL_STREAM', bad)).body.status_code).toBe(606);
    expect(api.sim.loginAttempts).toBe(attempts);
  });
});
