/**
 * What a newcomer does: start the service as `npm start` does (core/main.ts, embedded node-media-server), ask for a
 * simulated camera, play the rtmp_url (and the HTTP-FLV URL), then stop it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../support/ports.js';
import { probeStreams } from '../support/reader.js';
import { REPO_ROOT } from '../support/service.js';

describe('npm start (core/main.ts with the embedded RTMP server)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => { child?.kill('SIGKILL'); });

  it('serves REAL_STREAM from the simulator through the embedded server, then exits 0 on SIGTERM', async () => {
    const [api, rtmp, http] = [await freePort(), await freePort(), await freePort()];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
    const config = path.join(dir, 'config.json5');
    fs.writeFileSync(config, `{
      api: { port: ${api} },
      rtmp: { publishUrl: 'rtmp://127.0.0.1:${rtmp}/live', embedded: true, embeddedHttpPort: ${http} },
      plugins: [{ module: '${REPO_ROOT}/plugins/simulator' }, { module: '${REPO_ROOT}/plugins/native-flv-sink' }],
    }`);
    let out = '';
    child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, 'core/main.ts'), '--config', config], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => { out += String(d); });
    child.stderr!.on('data', (d) => { out += String(d); });
    await waitForPort(api, 30_000);
    const res = await fetch(`http://127.0.0.1:${api}/REAL_STREAM`, {
      method: 'POST', // like `curl -d`: form content type, JSON body
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ nvr_category: 99, nvr_addr: '127.0.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'npm-start-pw', nvr_channel: 1 }),
    }).then((r) => r.json());
    expect(res.status_code).toBe(200);
    expect(res.rtmp_url).toMatch(new RegExp(`^rtmp://127\\.0\\.0\\.1:${rtmp}/live/live-`));
    const viaRtmp = await probeStreams(res.rtmp_url);
    expect(viaRtmp.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640 });
    const key = res.rtmp_url.split('/').pop();
    const viaFlv = await probeStreams(`http://127.0.0.1:${http}/live/${key}.flv`);
    expect(viaFlv.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', height: 360 });
    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('nvr-pusher stopped');
    expect(out).not.toContain('npm-start-pw');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
