import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from './api-service.js';

const RANGE = { startTime: '2016-07-20 12:10:00', endTime: '2016-07-20 13:30:00' };

describe('POST /BACK_STREAM', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi({ simulator: { noRecordChannels: [3], refuseChannels: [7] }, config: { playback: { maxRangeHours: 12 } } });
  });
  afterAll(() => api?.close());

  it('answers 200 with the record list and the range cut to it', async () => {
    const r = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE })).body;
    expect(r).toMatchObject({ status_code: 200, status_message: 'OK', start_time: '2016-07-20 12:10:00', stop_time: '2016-07-20 13:30:00' });
    expect(r.record_files).toEqual([
      { file_name: 'ch0001_20160720120000', file_size: 3600 * 256 * 1024, start_time: '2016-07-20 12:00:00', stop_time: '2016-07-20 13:00:00' },
      { file_name: 'ch0001_20160720130000', file_size: 3600 * 256 * 1024, start_time: '2016-07-20 13:00:00', stop_time: '2016-07-20 14:00:00' },
    ]);
    expect(r.rtmp_url).toMatch(/\/back-\d+-[0-9a-f]{8}$/);
    await api.inject('GET', `/STREAM/${r.play_handle}/STOP`);
  });

  it('never shares playbacks: each has its own upstream', async () => {
    const a = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE })).body;
    const b = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE })).body;
    expect(a.rtmp_url).not.toBe(b.rtmp_url);
    expect(api.sim.sessions.size).toBe(2);
    await api.inject('GET', `/STREAM/${a.play_handle}/STOP`);
    await api.inject('GET', `/STREAM/${b.play_handle}/STOP`);
    expect(api.sim.sessions.size).toBe(0);
  });

  it('607 when nothing was recorded in the range', async () => {
    const r = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE, nvr_channel: 3 })).body;
    expect(r.status_code).toBe(607);
    expect(api.running.service.scheduler.upstreamCount).toBe(0);
  });

  it('604 when the NVR refuses playback', async () => {
    const r = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...RANGE, nvr_channel: 7 })).body;
    expect(r.status_code).toBe(604);
    expect(r.status_message).toMatch(/playback failed/);
  });

  it('frees the handle when the recording has been played out', async () => {
    const r = (await api.inject('POST', '/BACK_STREAM', { ...NVR, startTime: '2016-07-20 12:00:00', endTime: '2016-07-20 12:00:01' })).body;
    expect(r.status_code).toBe(200);
    await until(async () => (await api.inject('GET', `/STREAM/${r.play_handle}/BEATS`)).body.status_code === 605);
    expect(api.sim.sessions.size).toBe(0);
  });

  it.each([
    ['reversed range', { startTime: '2016-07-20 13:00:00', endTime: '2016-07-20 12:00:00' }, /^endTime: must be later than startTime/],
    ['empty range', { startTime: '2016-07-20 13:00:00', endTime: '2016-07-20 13:00:00' }, /^endTime: must be later/],
    ['too long', { startTime: '2016-07-20 00:00:00', endTime: '2016-07-20 12:00:01' }, /^endTime: the range may span at most 12 hours/],
    ['not a date', { startTime: '2016-02-30 12:00:00', endTime: '2016-07-20 12:00:00' }, /^startTime: "2016-02-30 12:00:00" is not a real time/],
    ['ISO format', { startTime: '2016-07-20T12:00:00', endTime: '2016-07-20 13:00:00' }, /^startTime: must be a time as YYYY-MM-DD HH:mm:ss/],
    ['missing endTime', { startTime: '2016-07-20 12:00:00' }, /^endTime: required/],
    ['hour 24', { startTime: '2016-07-20 24:00:00', endTime: '2016-07-21 01:00:00' }, /^startTime: .* is not a real time/],
  ])('600 naming the field: %s', async (_name, times, message) => {
    const r = (await api.inject('POST', '/BACK_STREAM', { ...NVR, ...times })).body;
    expect(r.status_code).toBe(600);
    expect(r.status_message).toMatch(message);
  });
});
