/**
 * Issue 8, "Faults": plugins that break their contract in a callback or an async path, sources that go quiet,
 * and shutdown with a failing plugin. Real service (app.inject), fixture source, simulator, fake sink.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../api/api-service.js';
import { FAULTY } from './fixtures/faulty-source/index.js';
import { FAULTY_NVR, startFaulty, type FaultyFixture } from './faulty-service.js';

let f: FaultyFixture | undefined;
afterEach(async () => {
  await f?.close();
  // Every test's log, shutdown included: no password in any line.
  for (const line of f?.logs ?? []) {
    expect(line).not.toContain(FAULTY_NVR.nvr_pwd);
    expect(line).not.toContain('Sim-Pw-0042');
  }
  f = undefined;
});

const ch = FAULTY.channels;
const live = (over: Record<string, unknown> = {}) => f!.send('POST', '/REAL_STREAM', { ...FAULTY_NVR, ...over });

describe('login faults', () => {
  it('a login that outlasts login.timeoutMs answers 606 after the timeout; with a back-off the next request does not call the plugin', async () => {
    f = await startFaulty({ login: { timeoutMs: 300, backoffMs: 60_000 } });
    const t0 = Date.now();
    const r = await live({ nvr_user: FAULTY.users.hang });
    expect(r).toEqual({ status_code: 606, status_message: 'NVR login failed: no answer from 10.9.0.1:8000 within 300 ms' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const attempts = f.faulty.loginAttempts;
    const again = await live({ nvr_user: FAULTY.users.hang });
    expect(again.status_code).toBe(606);
    expect(again.status_message).toMatch(/not retried for \d+ s to protect the account from lockout$/);
    expect(f.faulty.loginAttempts).toBe(attempts);
    await until(() => f!.drained());
  });

  it('a login rejecting with a plain Error, or throwing synchronously, answers 606 naming the failure', async () => {
    f = await startFaulty();
    expect(await live({ nvr_user: FAULTY.users.plainError })).toEqual({ status_code: 606, status_message: 'NVR login failed: socket hang up' });
    await until(() => f!.drained());
    expect(await live({ nvr_user: FAULTY.users.syncThrow })).toEqual({ status_code: 606, status_message: 'NVR login failed: login exploded synchronously' });
    await until(() => f!.drained());
  });

  it('a login that throws synchronously does not poison the pool: without a back-off the next request calls the NVR again', async () => {
    f = await startFaulty({ login: { backoffMs: 0 } });
    await live({ nvr_user: FAULTY.users.syncThrow });
    const attempts = f.faulty.loginAttempts;
    expect((await live({ nvr_user: FAULTY.users.syncThrow })).status_message).toBe('NVR login failed: login exploded synchronously');
    expect(f.faulty.loginAttempts).toBe(attempts + 1);
    await until(() => f!.drained());
  });

  it('a login that ignores its abort signal still answers 606 after login.timeoutMs', async () => {
    f = await startFaulty({ login: { timeoutMs: 300, backoffMs: 0 } });
    expect(await live({ nvr_user: FAULTY.users.hangDeaf })).toEqual({ status_code: 606, status_message: 'NVR login failed: no answer from 10.9.0.1:8000 within 300 ms' });
    expect(f.running.service.scheduler.logins.size).toBe(0);
  });
});

describe('session faults', () => {
  it('a source whose close() throws synchronously still stops: STOP 200, sink closed, login released', async () => {
    f = await startFaulty({ login: { graceMs: 0 } });
    const r = await live({ nvr_channel: ch.closeThrowsSync });
    expect(r.status_code).toBe(200);
    expect(await f.send('GET', `/STREAM/${r.play_handle}/STOP`)).toEqual({ status_code: 200, status_message: 'OK' });
    expect(f.sink.open_).toHaveLength(0);
    await until(() => f!.running.service.scheduler.logins.size === 0);
  });

  it('openLive rejecting with a plain Error, or throwing synchronously, answers 603; sink session closed, login released', async () => {
    f = await startFaulty();
    expect(await live({ nvr_channel: ch.openRejectsPlain })).toEqual({ status_code: 603, status_message: 'stream start failed: device busy' });
    expect(await live({ nvr_channel: ch.openThrowsSync })).toEqual({ status_code: 603, status_message: 'stream start failed: openLive exploded synchronously' });
    expect(f.sink.sessions).toHaveLength(2);
    expect(f.sink.sessions.every((s) => s.closed)).toBe(true);
    await until(() => f!.drained());
  });

  it('raw data in a container format no plugin reads answers 603 naming the format', async () => {
    f = await startFaulty();
    const r = await live({ nvr_channel: ch.unknownFormat });
    expect(r.status_code).toBe(603);
    expect(r.status_message).toContain("container format 'no-such-format'");
    await until(() => f!.drained());
  });

  it('close() rejecting does not fail STOP: 200, the sink session is closed and the login logged out', async () => {
    f = await startFaulty();
    const r = await live({ nvr_channel: ch.closeRejects });
    expect(r.status_code).toBe(200);
    expect(await f.send('GET', `/STREAM/${r.play_handle}/STOP`)).toEqual({ status_code: 200, status_message: 'OK' });
    await until(() => f!.drained());
    expect(f.logs.some((l) => l.includes('source close failed') && l.includes('close failed at the NVR'))).toBe(true);
  });

  it('a live source failing with a plain Error after it ran is restarted on the same rtmp_url, again and again', async () => {
    f = await startFaulty({ stream: { restartDelayMs: 20, sourceRestartMaxAttempts: 2 } });
    const r = await live({ nvr_channel: ch.failsPlain });
    expect(r.status_code).toBe(200);
    const stats = () => f!.running.service.scheduler.snapshot()[0];
    // Each session fails after 10 frames; every restart delivered key frames, so the restart budget never runs out.
    await until(() => (stats()?.sourceRestartCount ?? 0) >= 3, 10_000);
    expect(f.sink.sessions.filter((s) => !s.closed)).toHaveLength(1);
    expect(f.sink.sessions[0]!.discontinuities).toBeGreaterThanOrEqual(3);
    expect((await f.send('GET', `/STREAM/${r.play_handle}/BEATS`)).status_code).toBe(200);
    expect(f.faulty.sessions.size).toBe(1);
    await f.send('GET', `/STREAM/${r.play_handle}/STOP`);
    await until(() => f!.drained());
  });
});

describe('silence', () => {
  const quick = { stream: { silenceTimeoutMs: 300 }, heartbeat: { sweepMs: 50 } };

  it('a playback whose source stops sending without an error ends after stream.silenceTimeoutMs: handle gone, all released', async () => {
    f = await startFaulty(quick);
    const r = await f.send('POST', '/BACK_STREAM', { ...FAULTY_NVR, nvr_channel: ch.goesSilent, startTime: '2024-01-01 10:00:00', endTime: '2024-01-01 11:00:00' });
    expect(r.status_code).toBe(200);
    const t0 = Date.now();
    await until(async () => (await f!.send('GET', `/STREAM/${r.play_handle}/BEATS`)).status_code === 605, 5000);
    // 10 frames (400 ms) then silence: not before the silence timeout.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    await until(() => f!.drained());
    expect(f.logs.some((l) => l.includes('stream stops: source silent'))).toBe(true);
    expect((await f.send('GET', `/STREAM/${r.play_handle}/STOP`)).status_code).toBe(605);
  });

  it('a live simulator stream gone silent whose NVR then refuses play is given up cleanly (605, nothing left)', async () => {
    f = await startFaulty({ ...quick, stream: { ...quick.stream, restartDelayMs: 20, sourceRestartMaxAttempts: 2 } });
    const r = await f.send('POST', '/REAL_STREAM', { nvr_category: 99, nvr_addr: '10.9.0.2', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'Sim-Pw-0042', nvr_channel: 31 });
    expect(r.status_code).toBe(200);
    f.sim.refused.add(31);
    expect(f.sim.injectFault(31, 'silence')).toBe(1);
    await until(async () => (await f!.send('GET', `/STREAM/${r.play_handle}/BEATS`)).status_code === 605, 8000);
    await until(() => f!.drained());
  });
});

describe('shutdown', () => {
  it('close() with running streams and a plugin whose dispose() throws: streams stopped, logged out, "nvr-pusher stopped"', async () => {
    f = await startFaulty();
    const a = await live();
    const b = await live({ nvr_channel: ch.closeRejects });
    expect([a.status_code, b.status_code]).toEqual([200, 200]);
    await f.close();
    expect(f.drained()).toBe(true);
    expect(f.logs.some((l) => l.includes('plugin dispose failed') && l.includes('dispose failed'))).toBe(true);
    expect(f.logs.at(-1)).toContain('nvr-pusher stopped');
  });
});
