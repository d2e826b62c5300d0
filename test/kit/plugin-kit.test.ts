/**
 * A plugin author outside this repository: pack @nvr-pusher/core (`npm pack`), create a plugin from
 * templates/source-plugin in a temporary directory, install the core from the tarball (the rest from the npm
 * registry), type-check, build, pass the conformance kit there, then start the service from the *installed*
 * core with the plugin named in its config by path, and play what it publishes to node-media-server with ffprobe.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv } from '../support/child-env.js';
import { freePort, waitForPort } from '../support/ports.js';
import { probeStreams } from '../support/reader.js';
import { startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { REPO_ROOT } from '../support/service.js';

const run = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nvr-plugin-kit-'));
const plugin = path.join(work, 'acme');
const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, env: childEnv({ npm_config_audit: 'false', npm_config_fund: 'false' }), maxBuffer: 32 << 20 });

describe('plugin kit outside the repository', () => {
  let server: RtmpServer | undefined;
  let service: ChildProcess | undefined;
  afterAll(async () => {
    service?.kill('SIGKILL');
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('packs the core, installs it into a plugin made from the template, type-checks, builds and passes the kit', async () => {
    expect(path.relative(REPO_ROOT, work).startsWith('..')).toBe(true);
    const { stdout } = await npm(['pack', '--json', '--pack-destination', work], path.join(REPO_ROOT, 'core'));
    const [{ filename, files }] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const packed = files.map((f) => f.path);
    expect(packed).toContain('dist/contracts/index.d.ts');
    expect(packed).toContain('dist/conformance/index.js');
    expect(packed.some((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toBe(false);

    fs.cpSync(path.join(REPO_ROOT, 'templates/source-plugin'), plugin, { recursive: true, filter: (f) => !/node_modules|dist$/.test(f) });
    await npm(['install', '--save-dev', path.join(work, filename)], plugin);
    expect(fs.realpathSync(path.join(plugin, 'node_modules/@nvr-pusher/core')).startsWith(REPO_ROOT)).toBe(false);

    await run(path.join(plugin, 'node_modules/.bin/tsc'), ['--noEmit'], { cwd: plugin });
    await npm(['run', 'build'], plugin);
    expect(fs.existsSync(path.join(plugin, 'dist/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(plugin, 'dist/index.d.ts'))).toBe(true);

    const kit = await npm(['test', '--', '--reporter', 'verbose'], plugin);
    const report = (kit.stdout + kit.stderr).replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), ''); // no colours
    expect(report).toMatch(/source conformance: acme/);
    expect(report).toMatch(/openLive\(\) delivers media with a video key frame/);
    expect(report).toMatch(/Tests\s+\d+ passed/);
    expect(report).not.toMatch(/failed/i);
  }, 600_000);

  it('the installed core starts as a service with the plugin named by path, and serves its streams', async () => {
    server = await startNodeMediaServer();
    const api = await freePort();
    const config = path.join(work, 'service.json5');
    fs.writeFileSync(config, `{
      api: { port: ${api} },
      rtmp: { publishUrl: '${server.publishBase}', embedded: false },
      plugins: [{ module: './acme', options: { category: 7, demoPassword: 'acme-pw' } }, { module: '${REPO_ROOT}/plugins/native-flv-sink' }],
    }`);
    let out = '';
    service = spawn(process.execPath, [path.join(plugin, 'node_modules/@nvr-pusher/core/dist/main.js'), '--config', config], { cwd: os.tmpdir(), env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    service.stdout!.on('data', (d) => { out += String(d); });
    service.stderr!.on('data', (d) => { out += String(d); });
    await waitForPort(api, 60_000);
    const post = (body: object) => fetch(`http://127.0.0.1:${api}/REAL_STREAM`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    const cam = { nvr_category: 7, nvr_addr: '10.0.0.7', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'acme-pw', nvr_channel: 1 };

    const refused = await post({ ...cam, nvr_pwd: 'wrong-pw' });
    expect(refused).toMatchObject({ status_code: 606 });
    expect(refused.status_message).toContain('Acme error 1');

    const ok = await post(cam);
    expect(ok.status_code).toBe(200);
    const video = (await probeStreams(ok.rtmp_url)).find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 64, height: 48 });

    const exit = new Promise<number | null>((resolve) => service!.once('exit', (code) => resolve(code)));
    service.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain("plugin 'acme' loaded");
    expect(out).not.toContain('acme-pw');
  }, 120_000);
});
