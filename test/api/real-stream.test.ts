import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, type ApiFixture } from './api-service.js';

describe('POST /REAL_STREAM', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({ simulator: { refuseChannels: [7], silentChannels: [8] }, config: { stream: { firstFrameTimeoutMs: 400 }, login: { backoffMs: 60_000 } } });
  });
  afterAll(() => api?.close());

  it('answers 200 with rtmp_url and play_handle once the first key frame was published', async () => {
    const r = await api.inject('POST', '/REAL_STREAM', NVR);
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatchObject({ status_code: 200, status_message: 'OK' });
    expect(r.body.play_handle).toBeGreaterThan(0);
    expect(r.body.rtmp_url).toMatch(/^rtmp:\/\/127\.0\.0\.1:1935\/live\/live-\d+-[0-9a-f]{8}$/);
    const session = api.sink.sessions.at(-1)!;
    expect(session.frames[0]!.key).toBe(true);
    expect(session.target.url).toBe(r.body.rtmp_url);
    expect(r.body.rtmp_url).not.toContain(NVR.nvr_pwd);
    await api.inject('GET', `/STREAM/${r.body.play_handle}/STOP`);
  });

  it('shares one upstream between two requests for the same camera, until the last handle stops', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 2 })).body;
    const b = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 2 })).body;
    expect(b.status_code).toBe(200);
    expect(b.rtmp_url).toBe(a.rtmp_url);
    expect(b.play_handle).not.toBe(a.play_handle);
    const scheduler = api.running.service.scheduler;
    expect(scheduler.upstreamCount).toBe(1);
    expect(api.sim.sessions.size).toBe(1);
    await api.inject('GET', `/STREAM/${a.play_handle}/STOP`);
    expect(api.sim.sessions.size).toBe(1);
    expect((await api.inject('GET', `/STREAM/${b.play_handle}/BEATS`)).body.status_code).toBe(200);
    await api.inject('GET', `/STREAM/${b.play_handle}/STOP`);
    expect(api.sim.sessions.size).toBe(0);
    expect(scheduler.upstreamCount).toBe(0);
  });

  it('never reuses a play_handle', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 4 })).body;
      expect(seen.has(r.play_handle)).toBe(false);
      seen.add(r.play_handle);
      await api.inject('GET', `/STREAM/${r.play_handle}/STOP`);
    }
  });

  it('gives a different camera its own upstream', async () => {
    const a = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 5 })).body;
    const b = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 6 })).body;
    expect(a.rtmp_url).not.toBe(b.rtmp_url);
    await api.inject('GET', `/STREAM/${a.play_handle}/STOP`);
    await api.inject('GET', `/STREAM/${b.play_handle}/STOP`);
  });

  it('603 when the NVR refuses live play, and nothing stays open', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 7 })).body;
    expect(r.status_code).toBe(603);
    expect(r.status_message).toMatch(/live play failed.*Simulator error 4/);
    expect(api.running.service.scheduler.upstreamCount).toBe(0);
    expect(api.sink.sessions.at(-1)!.closed).toBe(true);
  });

  it('601 when no key frame arrives within the configured time', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 8 })).body;
    expect(r.status_code).toBe(601);
    expect(r.status_message).toMatch(/no video key frame.*400 ms.*no data/);
    expect(api.sim.sessions.size).toBe(0);
  });

  it('602 when the sink cannot publish', async () => {
    api.sink.failStep = 'connect';
    try {
      const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 9 })).body;
      expect(r.status_code).toBe(602);
      expect(r.status_message).toMatch(/RTMP connect failed/);
      expect(api.sim.sessions.size).toBe(0);
    } finally {
      api.sink.failStep = undefined;
    }
  });

  it('606 on a wrong password, then answers from the back-off window without calling the NVR', async () => {
    const bad = { ...NVR, nvr_pwd: 'wrong-password', nvr_addr: '10.9.9.9' };
    const before = api.sim.loginAttempts;
    const r1 = (await api.inject('POST', '/REAL_STREAM', bad)).body;
    expect(r1.status_code).toBe(606);
    expect(r1.status_message).toMatch(/wrong user name or password \(Simulator error 1\)/);
    const r2 = (await api.inject('POST', '/REAL_STREAM', bad)).body;
    expect(r2.status_code).toBe(606);
    expect(r2.status_message).toMatch(/not retried for \d+ s/);
    expect(api.sim.loginAttempts).toBe(before + 1);
    expect(JSON.stringify([r1, r2])).not.toContain('wrong-password');
  });

  it('600 for an nvr_category no plugin serves', async () => {
    const r = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_category: 42 })).body;
    expect(r).toMatchObject({ status_code: 600 });
    expect(r.status_message).toMatch(/^nvr_category: no loaded plugin serves category 42/);
  });

  it.each([
    ['missing field', { ...NVR, nvr_channel: undefined }, /^nvr_channel: required/],
    ['string port', { ...NVR, nvr_port: '8000' }, /^nvr_port: must be integer/],
    ['port out of range', { ...NVR, nvr_port: 70000 }, /^nvr_port: must be <= 65535/],
    ['negative channel', { ...NVR, nvr_channel: -1 }, /^nvr_channel: must be >= 0/],
    ['fractional category', { ...NVR, nvr_category: 0.5 }, /^nvr_category: must be integer/],
    ['null password', { ...NVR, nvr_pwd: null }, /^nvr_pwd: must be string/],
    ['address with spaces', { ...NVR, nvr_addr: 'a b' }, /^nvr_addr: has characters/],
  ])('600 naming the field: %s', async (_name, body, message) => {
    const r = await api.inject('POST', '/REAL_STREAM', body);
    expect(r.statusCode).toBe(200);
    expect(r.body.status_code).toBe(600);
    expect(r.body.status_message).toMatch(message);
  });

  it.each([
    ['malformed JSON', '{"nvr_category":0,', /^body: malformed JSON/],
    ['empty body', '', /^body: a JSON object is required/],
    ['an array', '[1,2]', /^body: must be a JSON object/],
  ])('600 for %s', async (_name, payload, message) => {
    const r = await api.inject('POST', '/REAL_STREAM', payload);
    expect(r.statusCode).toBe(200);
    expect(r.body.status_code).toBe(600);
    expect(r.body.status_message).toMatch(message);
  });

  it('reads JSON sent as form data (curl -d) and matches paths case-insensitively with a trailing slash', async () => {
    const r = await api.inject('POST', '/real_stream/', JSON.stringify(NVR), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.body.status_code).toBe(200);
    await api.inject('GET', `/stream/${r.body.play_handle}/stop`);
  });

  it('unknown paths answer HTTP 404 with a JSON body', async () => {
    const r = await api.inject('GET', '/NOPE');
    expect(r.statusCode).toBe(404);
    expect(r.body).toMatchObject({ status_code: 404 });
  });
});
