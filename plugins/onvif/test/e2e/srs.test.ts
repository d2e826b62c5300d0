/**
 * Optional real-component bed: the service with the onvif plugin publishing to SRS 6 (the production media server),
 * when ../shared/tools/srs-6/srs exists next to the repository; ffprobe reads the returned rtmp_url from SRS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../../../../test/support/ports.js';
import { probeStreams } from '../../../../test/support/reader.js';
import { REPO_ROOT, startService, type TestService } from '../../../../test/support/service.js';
import { hasGstRtspServer } from '../support/gst-server.js';
import { PASSWORD, USER, startBed, type Bed } from '../support/fixture.js';

const SRS = path.resolve(REPO_ROOT, '../shared/tools/srs-6/srs');
const ready = hasGstRtspServer() && fs.existsSync(SRS);
if (!ready) console.log(`onvif → SRS: ${fs.existsSync(SRS) ? 'GStreamer RTSP server missing' : `no SRS at ${SRS}`} — skipped`);

describe.runIf(ready)('onvif end to end into SRS 6', () => {
  let bed: Bed;
  let svc: TestService;
  let srs: ChildProcess;
  let dir: string;

  beforeAll(async () => {
    bed = await startBed();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onvif-srs-'));
    fs.mkdirSync(path.join(dir, 'html'));
    const [rtmp, api, http] = [await freePort(), await freePort(), await freePort()];
    fs.writeFileSync(path.join(dir, 'srs.conf'), [
      `listen ${rtmp};`, 'max_connections 100;', 'daemon off;', `pid ${dir}/srs.pid;`, 'srs_log_tank file;', `srs_log_file ${dir}/srs.log;`,
      `http_api { enabled on; listen ${api}; }`, `http_server { enabled on; listen ${http}; dir ${dir}/html; }`,
      'vhost __defaultVhost__ { http_remux { enabled on; mount [vhost]/[app]/[stream].flv; } }',
    ].join('\n'));
    srs = spawn(SRS, ['-c', path.join(dir, 'srs.conf')], { cwd: dir, stdio: 'ignore' });
    await waitForPort(rtmp);
    svc = await startService({
      config: {
        rtmp: { publishUrl: `rtmp://127.0.0.1:${rtmp}/live` },
        login: { graceMs: 100 },
        plugins: [{ module: './plugins/onvif', options: {} }, { module: './plugins/native-flv-sink' }],
      },
    });
  }, 90_000);

  afterAll(async () => {
    await svc?.close();
    if (srs && srs.exitCode === null) {
      srs.kill('SIGTERM');
      await new Promise((r) => srs.once('exit', r));
    }
    await bed?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('REAL_STREAM → SRS plays h264 320x240; the AAC channel keeps its audio (SRS drops G.711)', async () => {
    const nvr = { nvr_category: 2, nvr_addr: '127.0.0.1', nvr_port: bed.onvif.port, nvr_user: USER, nvr_pwd: PASSWORD, nvr_channel: 1 };
    const live = await svc.post('/REAL_STREAM', nvr);
    expect(live.status_code).toBe(200);
    expect((await probeStreams(live.rtmp_url)).find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
    const aac = await svc.post('/REAL_STREAM', { ...nvr, nvr_channel: 3 });
    expect(aac.status_code).toBe(200);
    expect((await probeStreams(aac.rtmp_url)).find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    for (const h of [live.play_handle, aac.play_handle]) expect((await svc.get(`/STREAM/${h}/STOP`)).status_code).toBe(200);
  }, 60_000);
});
