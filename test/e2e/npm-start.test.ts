/**
 * What a newcomer and an operator do: `npm start` (builds when needed, then runs the compiled service with the
 * embedded node-media-server), ask for a simulated camera, play it; then stop it the way a container runtime or
 * a process manager does — a signal to the npm process only. And the production lines: the systemd unit's
 * ExecStart and the `nvr-pusher` bin, each started from another directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv } from '../support/child-env.js';
import { freePort, waitForPort } from '../support/ports.js';
import { probeStreams } from '../support/reader.js';
import { REPO_ROOT } from '../support/service.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
const started: ChildProcess[] = [];

async function writeConfig(name: string): Promise<{ file: string; ports: number[] }> {
  const [api, rtmp, http] = [await freePort(), await freePort(), await freePort()];
  const file = path.join(dir, `${name}.json5`);
  fs.writeFileSync(file, `{
    api: { port: ${api} },
    rtmp: { publishUrl: 'rtmp://127.0.0.1:${rtmp}/live', embedded: true, embeddedHttpPort: ${http} },
    plugins: [{ module: '${REPO_ROOT}/plugins/simulator' }, { module: '${REPO_ROOT}/plugins/native-flv-sink' }],
  }`);
  return { file, ports: [api, rtmp, http] };
}

function launch(cmd: string, args: string[], cwd: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  let out = '';
  const child = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

/** The pids `pid` started (Linux /proc). */
function childrenOf(pid: number): number[] {
  const tasks = fs.readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves the simulator through the embedded server; %s to the npm pid alone stops it cleanly', async (signal) => {
    const { file, ports } = await writeConfig(`npm-${signal}`);
    const npm = launch('npm', ['start', '--', '--config', file], REPO_ROOT);
    await waitForPort(ports[0]!, 90_000);
    const service = childrenOf(npm.child.pid!);
    expect(service).toHaveLength(1); // npm runs node itself: no shell or tsx in between to swallow the signal

    if (signal === 'SIGTERM') {
      const res = await fetch(`http://127.0.0.1:${ports[0]}/REAL_STREAM`, {
        method: 'POST', // like `curl -d`: form content type, JSON body
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ nvr_category: 99, nvr_addr: '127.0.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'npm-start-pw', nvr_channel: 1 }),
      }).then((r) => r.json());
      expect(res.status_code).toBe(200);
      expect(res.rtmp_url).toMatch(new RegExp(`^rtmp://127\\.0\\.0\\.1:${ports[1]}/live/live-`));
      const viaRtmp = await probeStreams(res.rtmp_url);
      expect(viaRtmp.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640 });
      const viaFlv = await probeStreams(`http://127.0.0.1:${ports[2]}/live/${res.rtmp_url.split('/').pop()}.flv`);
      expect(viaFlv.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', height: 360 });
    }

    process.kill(npm.child.pid!, signal);
    expect(await npm.exit).toBe(0);
    expect(npm.output()).toContain('nvr-pusher stopped');
    expect(npm.output()).not.toContain('npm-start-pw');
    expect(service.filter(alive)).toEqual([]);
    for (const p of ports) expect(await portFree(p)).toBe(true);
  }, 180_000);
});

describe('production start lines, from another directory', () => {
  it("the systemd unit's ExecStart runs the compiled service and SIGTERM stops it with exit 0", async () => {
    const unit = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nvr-pusher.service'), 'utf8');
    const execStart = /^ExecStart=(.+)$/m.exec(unit)![1]!.trim().split(/\s+/);
    expect(execStart).toEqual(['/usr/bin/node', '/opt/nvr-pusher/core/dist/main.js', '--config', '/etc/nvr-pusher/config.json5']);
    const { file, ports } = await writeConfig('systemd');
    const [, script, ...args] = execStart.map((a) => a.replace('/opt/nvr-pusher', REPO_ROOT).replace('/etc/nvr-pusher/config.json5', file));
    const svc = launch(process.execPath, [script!, ...args], os.tmpdir());
    await waitForPort(ports[0]!, 60_000);
    const health = await fetch(`http://127.0.0.1:${ports[0]}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok' });
    svc.child.kill('SIGTERM');
    expect(await svc.exit).toBe(0);
    expect(svc.output()).toContain('nvr-pusher stopped');
  }, 120_000);

  it('the nvr-pusher bin (npm link target) starts with --config from any directory', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = path.join(REPO_ROOT, pkg.bin['nvr-pusher']!);
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
    const { file, ports } = await writeConfig('bin');
    const svc = launch(bin, ['--config', file], os.tmpdir());
    await waitForPort(ports[0]!, 60_000);
    svc.child.kill('SIGINT');
    expect(await svc.exit).toBe(0);
  }, 120_000);
});
