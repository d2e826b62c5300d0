/**
 * The API contract (API.md) over plain HTTP against any base URLs: one node, or the nodes of a cluster with every
 * request going to the next node in turn (so a handle is beaten, moved and stopped through nodes that did not
 * open it). The simulator must accept `CONTRACT_NVR` (password checked) and have no recordings on channel 3.
 */
import { describe, expect, it } from 'vitest';

export const CONTRACT_NVR = { nvr_category: 99, nvr_addr: '10.77.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'Contract-Pw-1', nvr_channel: 1 } as const;
const RANGE = { startTime: '2016-07-20 12:10:00', endTime: '2016-07-20 13:30:00' };

export function httpContract(label: string, urls: () => readonly string[]): void {
  let turn = 0;
  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, raw = false) => {
    const all = urls();
    const base = all[turn++ % all.length]!;
    const res = await fetch(base + path, {
      method, body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': raw ? 'application/x-www-form-urlencoded' : 'application/json' },
    });
    return { http: res.status, ...(await res.json()) };
  };

  describe(`API contract over HTTP: ${label}`, () => {
    it('REAL_STREAM: 200 with rtmp_url and play_handle; the same camera shares its rtmp_url with its own handle; BEATS, PTZ, STOP, then 605', async () => {
      const a = await send('POST', '/REAL_STREAM', CONTRACT_NVR);
      expect(a).toMatchObject({ http: 200, status_code: 200, status_message: 'OK' });
      expect(a.rtmp_url).toMatch(/^rtmp:\/\/.+\/live-\d+-[0-9a-f]{8}$/);
      expect(Number.isInteger(a.play_handle) && a.play_handle > 0).toBe(true);
      const b = await send('POST', '/real_stream/', JSON.stringify(CONTRACT_NVR), true); // curl -d, any case, trailing slash
      expect(b).toMatchObject({ status_code: 200, rtmp_url: a.rtmp_url });
      expect(b.play_handle).not.toBe(a.play_handle);
      expect(await send('GET', `/STREAM/${a.play_handle}/BEATS`)).toMatchObject({ status_code: 200, status_message: 'OK' });
      expect(await send('POST', `/STREAM/${b.play_handle}/PTZControl`, { command: 4, duration: null })).toMatchObject({ status_code: 200 });
      expect((await send('POST', `/STREAM/${a.play_handle}/PTZControl`, { command: 14 })).status_message).toMatch(/^command/);
      expect(await send('POST', `/STREAM/${a.play_handle}/POSITION`, { pos_time: '2016-07-20 12:30:00' })).toMatchObject({ status_code: 600 });
      for (const h of [a.play_handle, b.play_handle]) expect(await send('GET', `/STREAM/${h}/STOP`)).toMatchObject({ status_code: 200 });
      expect(await send('GET', `/STREAM/${a.play_handle}/STOP`)).toMatchObject({ status_code: 605 });
      expect(await send('GET', `/STREAM/${b.play_handle}/BEATS`)).toMatchObject({ status_code: 605 });
    }, 90_000);

    it('BACK_STREAM: the range cut to the recordings, POSITION inside it, 607 without recordings', async () => {
      const p = await send('POST', '/BACK_STREAM', { ...CONTRACT_NVR, ...RANGE });
      expect(p).toMatchObject({ status_code: 200, start_time: '2016-07-20 12:10:00', stop_time: '2016-07-20 13:30:00' });
      expect(p.record_files).toHaveLength(2);
      expect(p.rtmp_url).toMatch(/\/back-\d+-[0-9a-f]{8}$/);
      expect(await send('POST', `/STREAM/${p.play_handle}/POSITION`, { pos_time: '2016-07-20 12:40:00' })).toMatchObject({ status_code: 200 });
      expect((await send('POST', `/STREAM/${p.play_handle}/POSITION`, { pos_time: '2016-07-20 15:00:00' })).status_message).toMatch(/^pos_time/);
      expect(await send('POST', `/STREAM/${p.play_handle}/PTZControl`, { command: 0 })).toMatchObject({ status_code: 600 });
      expect(await send('GET', `/STREAM/${p.play_handle}/STOP`)).toMatchObject({ status_code: 200 });
      expect(await send('POST', '/BACK_STREAM', { ...CONTRACT_NVR, ...RANGE, nvr_channel: 3 })).toMatchObject({ status_code: 607 });
    }, 90_000);

    it('600 naming the field for bad input, 606 for a wrong password, 605 for unknown handles, 404 for unknown paths', async () => {
      const { nvr_pwd: _, ...noPwd } = CONTRACT_NVR;
      expect((await send('POST', '/REAL_STREAM', noPwd)).status_message).toMatch(/^nvr_pwd/);
      expect(await send('POST', '/REAL_STREAM', { ...CONTRACT_NVR, nvr_port: 70000 })).toMatchObject({ status_code: 600, status_message: expect.stringMatching(/^nvr_port/) });
      expect(await send('POST', '/REAL_STREAM', '{"nvr_category":', true)).toMatchObject({ status_code: 600, status_message: expect.stringMatching(/^body/) });
      expect(await send('POST', '/REAL_STREAM', { ...CONTRACT_NVR, nvr_category: 42 })).toMatchObject({ status_code: 600, status_message: expect.stringMatching(/^nvr_category/) });
      expect(await send('POST', '/BACK_STREAM', { ...CONTRACT_NVR, startTime: '2016-02-30 00:00:00', endTime: RANGE.endTime })).toMatchObject({ status_code: 600 });
      const wrong = await send('POST', '/REAL_STREAM', { ...CONTRACT_NVR, nvr_addr: '10.77.0.2', nvr_pwd: 'wrong' });
      expect(wrong).toMatchObject({ http: 200, status_code: 606 });
      expect(await send('GET', '/STREAM/abc/BEATS')).toMatchObject({ status_code: 600, status_message: expect.stringMatching(/^play_handle/) });
      for (const [m, p, body] of [['GET', 'BEATS'], ['GET', 'STOP'], ['POST', 'PTZControl', { command: 1 }], ['POST', 'POSITION', { pos_time: '2016-07-20 12:40:00' }]] as const)
        expect(await send(m, `/STREAM/987654321012/${p}`, body)).toMatchObject({ http: 200, status_code: 605 });
      expect(await send('GET', '/NO_SUCH_THING')).toMatchObject({ http: 404, status_code: 404 });
    }, 90_000);
  });
}
