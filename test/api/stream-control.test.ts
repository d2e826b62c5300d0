import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from './api-service.js';

const RANGE = { startTime: '2016-07-20 12:10:00', endTime: '2016-07-20 13:30:00' };

describe('/STREAM/{play_handle}/...', () => {
  let api: ApiFixture;
  let live: number;
  let back: number;
  beforeAll(async () => {
    api = await startApi({ simulator: { ptzChannels: [1, 2] } });
    live = (await api.inject('POST', '/REAL_STREAM', NVR)).body.play_handle;
    back = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE })).body.play_handle;
  });
  afterAll(() => api?.close());

  describe('BEATS', () => {
    it('200 for a running handle, 605 for an unknown one, 600 for junk', async () => {
      expect((await api.inject('GET', `/STREAM/${live}/BEATS`)).body).toEqual({ status_code: 200, status_message: 'OK' });
      expect((await api.inject('GET', '/STREAM/99999/BEATS')).body.status_code).toBe(605);
      for (const junk of ['abc', '-1', '0', '1.5', '99999999999999999999']) {
        const r = (await api.inject('GET', `/STREAM/${junk}/BEATS`)).body;
        expect(r.status_code, junk).toBe(600);
        expect(r.status_message).toMatch(/^play_handle: must be a positive integer/);
      }
    });
  });

  describe('POSITION', () => {
    it('seeks a playback: 200, and the sink is told of the discontinuity', async () => {
      const session = api.sink.sessions.find((s) => s.target.kind === 'playback' && !s.closed)!;
      const before = session.discontinuities;
      const r = (await api.inject('POST', `/STREAM/${back}/POSITION`, { pos_time: '2016-07-20 12:35:00' })).body;
      expect(r).toEqual({ status_code: 200, status_message: 'OK' });
      expect(session.discontinuities).toBe(before + 1);
    });
    it('600 outside the played range, on a live handle, or with a bad time; 605 unknown', async () => {
      expect((await api.inject('POST', `/STREAM/${back}/POSITION`, { pos_time: '2016-07-20 12:00:00' })).body.status_message).toMatch(/^pos_time: must lie within/);
      expect((await api.inject('POST', `/STREAM/${live}/POSITION`, { pos_time: '2016-07-20 12:35:00' })).body).toMatchObject({ status_code: 600 });
      expect((await api.inject('POST', `/STREAM/${back}/POSITION`, { pos_time: 'yesterday' })).body.status_message).toMatch(/^pos_time: must be a time/);
      expect((await api.inject('POST', `/STREAM/${back}/POSITION`, {})).body.status_message).toMatch(/^pos_time: required/);
      expect((await api.inject('POST', '/STREAM/424242/POSITION', { pos_time: '2016-07-20 12:35:00' })).body.status_code).toBe(605);
    });
  });

  describe('PTZControl', () => {
    it('starts the move and stops it after duration', async () => {
      const t0 = api.sim.ptzCalls.length;
      const r = (await api.inject('POST', `/STREAM/${live}/PTZControl`, { command: 9, duration: 300 })).body;
      expect(r).toEqual({ status_code: 200, status_message: 'OK' });
      await until(() => api.sim.ptzCalls.length >= t0 + 2);
      const [start, stop] = api.sim.ptzCalls.slice(t0);
      expect(start).toMatchObject({ channel: 1, command: 9, stop: false });
      expect(stop).toMatchObject({ channel: 1, command: 9, stop: true });
      expect(stop!.at - start!.at).toBeGreaterThanOrEqual(290);
    });
    it('a new command stops the running one first; duration null means 200 ms', async () => {
      const t0 = api.sim.ptzCalls.length;
      await api.inject('POST', `/STREAM/${live}/PTZControl`, { command: 0, duration: 1000 });
      await api.inject('POST', `/STREAM/${live}/PTZControl`, { command: 1, duration: null });
      await until(() => api.sim.ptzCalls.length >= t0 + 4);
      const calls = api.sim.ptzCalls.slice(t0).map((c) => [c.command, c.stop]);
      expect(calls).toEqual([[0, false], [0, true], [1, false], [1, true]]);
      const [, , s, e] = api.sim.ptzCalls.slice(t0);
      expect(e!.at - s!.at).toBeGreaterThanOrEqual(190);
      expect(e!.at - s!.at).toBeLessThan(900);
    });
    it.each([
      [{ command: 14 }, /^command: must be <= 13/],
      [{ command: -1 }, /^command: must be >= 0/],
      [{ command: 'up' }, /^command: must be integer/],
      [{ command: 1, duration: 99 }, /^duration: must be >= 100/],
      [{ command: 1, duration: 1001 }, /^duration: must be <= 1000/],
      [{ duration: 200 }, /^command: required/],
    ])('600 for %j', async (body, message) => {
      const r = (await api.inject('POST', `/STREAM/${live}/PTZControl`, body)).body;
      expect(r.status_code).toBe(600);
      expect(r.status_message).toMatch(message);
    });
    it('600 on a playback handle, 605 unknown, 609 when the NVR refuses', async () => {
      expect((await api.inject('POST', `/STREAM/${back}/PTZControl`, { command: 1 })).body.status_message).toMatch(/^play_handle: PTZControl applies to live/);
      expect((await api.inject('POST', '/STREAM/424242/PTZControl', { command: 1 })).body.status_code).toBe(605);
      const other = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 5 })).body.play_handle;
      const r = (await api.inject('POST', `/STREAM/${other}/PTZControl`, { command: 1 })).body;
      expect(r.status_code).toBe(609);
      expect(r.status_message).toMatch(/PTZ control failed: channel 5 has no PTZ \(Simulator error 23\)/);
      await api.inject('GET', `/STREAM/${other}/STOP`);
    });
  });

  describe('STOP', () => {
    it('200, then 605 for the same handle', async () => {
      const h = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 11 })).body.play_handle;
      expect((await api.inject('GET', `/STREAM/${h}/STOP`)).body).toEqual({ status_code: 200, status_message: 'OK' });
      expect((await api.inject('GET', `/STREAM/${h}/STOP`)).body.status_code).toBe(605);
      expect((await api.inject('GET', `/STREAM/${h}/BEATS`)).body.status_code).toBe(605);
    });
  });
});

describe('heartbeat expiry', () => {
  it('stops a handle with no BEATS for heartbeat.timeoutMs, as STOP would', async () => {
    const api = await startApi({ config: { heartbeat: { timeoutMs: 400, sweepMs: 50 }, login: { graceMs: 0 } } });
    try {
      const kept = (await api.inject('POST', '/REAL_STREAM', NVR)).body.play_handle;
      const dropped = (await api.inject('POST', '/REAL_STREAM', { ...NVR, nvr_channel: 2 })).body.play_handle;
      const t0 = Date.now();
      while (Date.now() - t0 < 900) {
        expect((await api.inject('GET', `/STREAM/${kept}/BEATS`)).body.status_code).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await api.inject('GET', `/STREAM/${dropped}/BEATS`)).body.status_code).toBe(605);
      expect(api.running.service.scheduler.upstreamCount).toBe(1);
      expect(api.sim.sessions.size).toBe(1);
      await until(() => api.sim.logins.size === 1);
    } finally {
      await api.close();
    }
    expect(api.sim.sessions.size).toBe(0);
    expect(api.sim.logins.size).toBe(0);
  });
});
