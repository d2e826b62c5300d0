/** shutdown.drainMs in a single process (no cluster): close() first serves the open handles, takes no new stream. */
import { afterAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from './api-service.js';

describe('drain on shutdown (shutdown.drainMs)', () => {
  let api: ApiFixture | undefined;
  afterAll(() => api?.close());

  it('keeps serving open handles, refuses new streams with 603, and finishes as soon as the last handle stops', async () => {
    api = await startApi({ config: { shutdown: { drainMs: 120_000, timeoutMs: 10_000 } } });
    const a = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
    expect(a.status_code).toBe(200);
    let closed = false;
    const closing = api.close().then(() => { closed = true; });
    await until(() => api!.logs.some((l) => l.includes('draining')), 10_000);
    expect((await api.inject('GET', '/healthz')).statusCode).toBe(503);
    expect((await api.inject('GET', '/healthz')).body.status).toBe('draining');
    expect((await api.inject('GET', `/STREAM/${a.play_handle}/BEATS`)).body.status_code).toBe(200);
    const other = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 2 })).body;
    expect(other).toMatchObject({ status_code: 603, status_message: expect.stringMatching(/draining/) });
    expect(closed).toBe(false);
    expect((await api.inject('GET', `/STREAM/${a.play_handle}/STOP`)).body.status_code).toBe(200);
    await closing;
    expect(api.logs.some((l) => l.includes('drain finished'))).toBe(true);
    api = undefined;
  }, 60_000);

  it('without drainMs, shutdown stops at once (the default)', async () => {
    const b = await startApi();
    expect((await b.inject('POST', '/REAL_STREAM', NVR)).body.status_code).toBe(200);
    await b.close();
    expect(b.logs.some((l) => l.includes('draining'))).toBe(false);
    expect(b.running.service.scheduler.handleCount).toBe(0);
  }, 60_000);
});
