/**
 * The play check against real servers: node-media-server (RTMP play and HTTP-FLV of a stream published by the
 * native sink), and through the whole service with a scripted HTTP-FLV server that accepts readers but serves
 * them nothing (what SRS 6's re-publish race looks like to a player): the stream is re-published on the same key
 * and counted until the play side delivers video again.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVideoOverHttpFlv } from '../../core/play-check/http-flv-check.js';
import { readVideoOverRtmp } from '../../core/play-check/rtmp-play-check.js';
import { PlaySideUnreachable } from '../../core/play-check/unreachable.js';
import { NativeFlvSink, withDefaults } from '../../plugins/native-flv-sink/src/index.js';
import { feed, silentLogger, uniqueKey, videoFrames } from '../../plugins/native-flv-sink/test/support/media.js';
import { until } from '../api/api-service.js';
import { freePort } from '../support/ports.js';
import { startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { startService, type TestService } from '../support/service.js';

let nms: RtmpServer;
beforeAll(async () => {
  nms = await startNodeMediaServer();
});
afterAll(async () => {
  await nms?.stop();
});

describe('play check readers against node-media-server', () => {
  it('RTMP play and HTTP-FLV both see video of a published stream; an unpublished key fails within the bound; a closed port is "unreachable"', async () => {
    const key = uniqueKey('check');
    const session = new NativeFlvSink(withDefaults({ publishSettleMs: 100 }), silentLogger).open({ url: nms.rtmpUrl(key), streamKey: key, kind: 'live' });
    const frames = videoFrames('h264-640x360-25fps.h264', 'h264');
    const fed = feed((f) => session.writeFrame(f), frames, 1);
    await session.published;
    await readVideoOverRtmp(nms.rtmpUrl(key), 10_000);
    await readVideoOverHttpFlv(nms.httpFlvUrl(key), 10_000);
    const t0 = Date.now();
    await expect(readVideoOverRtmp(nms.rtmpUrl('nobody-publishes-this'), 1500)).rejects.toThrow(/no video frame within 1500 ms/);
    await expect(readVideoOverHttpFlv(nms.httpFlvUrl('nobody-publishes-this'), 1500)).rejects.toThrow(/no video frame within 1500 ms/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const closed = await freePort();
    await expect(readVideoOverRtmp(`rtmp://127.0.0.1:${closed}/live/x`, 2000)).rejects.toBeInstanceOf(PlaySideUnreachable);
    await expect(readVideoOverHttpFlv(`http://127.0.0.1:${closed}/live/x.flv`, 2000)).rejects.toBeInstanceOf(PlaySideUnreachable);
    await session.close();
    await fed;
  }, 60_000);
});

describe('service with a play side that serves nothing', () => {
  let svc: TestService;
  let player: http.Server;
  /** Scripted: 'nothing' answers 200 with an FLV header and then silence; 'proxy' relays node-media-server. */
  let mode: 'nothing' | 'proxy' = 'nothing';
  let readers = 0;
  beforeAll(async () => {
    player = http.createServer((req, res) => {
      readers++;
      if (mode === 'nothing') {
        res.writeHead(200, { 'content-type': 'video/x-flv' });
        res.write(Buffer.from('464c560105000000090000000000', 'hex'));
        return; // never more
      }
      http.get(`http://127.0.0.1:${nms.httpPort}${req.url}`, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }).on('error', () => res.destroy());
      req.on('close', () => res.destroy());
    });
    const port = await freePort();
    await new Promise<void>((r) => player.listen(port, '127.0.0.1', r));
    svc = await startService({
      config: {
        rtmp: { publishUrl: nms.publishBase, httpFlvUrl: `http://127.0.0.1:${port}/live` },
        sink: 'native-flv-sink',
        stream: { restartDelayMs: 100, restartMaxDelayMs: 300, restartMaxAttempts: 0, playCheckTimeoutMs: 1500 },
        plugins: [{ module: './plugins/simulator' }, { module: './plugins/native-flv-sink' }],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    player?.closeAllConnections();
    await new Promise((r) => player?.close(r));
  });

  it('published but unplayable → re-published on the same key (new connection), counted in /metrics; once players get video it stays', async () => {
    const r = await svc.post('/REAL_STREAM', { nvr_category: 99, nvr_addr: '10.7.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'pc-pw', nvr_channel: 1 });
    expect(r.status_code, JSON.stringify(r)).toBe(200);
    const scheduler = svc.running.service.scheduler;
    const snap = () => scheduler.snapshot()[0]!;
    await until(() => snap().republishCount >= 2, 20_000);
    expect(snap().key).toBe(r.rtmp_url.split('/').at(-1));
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(Number(/nvr_pusher_republishes_total(?:\{\})? (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(/nvr_pusher_play_check_failures_total(?:\{\})? (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(svc.logs.join('\n')).toContain('published but not playable');

    mode = 'proxy';
    await until(() => snap().state === 'running' && readers > 0, 20_000);
    const settled = snap().republishCount;
    const readersBefore = readers;
    await until(() => readers > readersBefore, 20_000); // the check after the last re-publish ran through the proxy
    await new Promise((res) => setTimeout(res, 2500)); // longer than the check's bound: no new failure
    expect(snap().republishCount).toBeLessThanOrEqual(settled + 1);
    expect(snap().state).toBe('running');
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 90_000);
});

describe('play checks failing again and again', () => {
  it('are bounded like re-publishes: after stream.restartMaxAttempts consecutive failures the stream stops and its handle is gone', async () => {
    const silent = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/x-flv' });
      res.write(Buffer.from('464c560105000000090000000000', 'hex'));
    });
    const port = await freePort();
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', r));
    const svc = await startService({
      config: {
        rtmp: { publishUrl: nms.publishBase, httpFlvUrl: `http://127.0.0.1:${port}/live` },
        sink: 'native-flv-sink',
        stream: { restartDelayMs: 100, restartMaxDelayMs: 200, restartMaxAttempts: 2, playCheckTimeoutMs: 1000 },
        plugins: [{ module: './plugins/simulator' }, { module: './plugins/native-flv-sink' }],
      },
    });
    try {
      const r = await svc.post('/REAL_STREAM', { nvr_category: 99, nvr_addr: '10.7.0.2', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'pc-pw-2', nvr_channel: 1 });
      expect(r.status_code, JSON.stringify(r)).toBe(200);
      const scheduler = svc.running.service.scheduler;
      await until(() => scheduler.upstreamCount === 0, 30_000);
      expect(svc.logs.join('\n')).toContain('play check failed 2 times');
      expect((await svc.get(`/STREAM/${r.play_handle}/BEATS`)).status_code).toBe(605);
    } finally {
      await svc.close();
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  }, 90_000);
});
