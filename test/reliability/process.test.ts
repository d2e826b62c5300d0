/**
 * Issue 8, process level: the real `core/main.ts` in a child process. A plugin throwing inside a media callback
 * does not take the process (or other streams) down; SIGTERM stops every stream, logs out and exits 0 within
 * shutdown.timeoutMs.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../api/api-service.js';
import { FAULTY } from './fixtures/faulty-source/index.js';
import { pluginPath, startPusherProcess, type PusherProcess } from './pusher-process.js';

const SIM_PWD = 'Proc-Sim-Pw-77';
const FAULTY_PWD = 'Proc-Faulty-Pw-88';
const SHUTDOWN_MS = 8000;
const sim = { nvr_category: 99, nvr_addr: '10.7.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: SIM_PWD, nvr_channel: 1 };
const faulty = { nvr_category: FAULTY.category, nvr_addr: '10.7.0.2', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: FAULTY_PWD };

describe('the pusher process', () => {
  let p: PusherProcess;
  const handles: number[] = [];
  beforeAll(async () => {
    p = await startPusherProcess({
      sink: 'fake-sink',
      shutdown: { timeoutMs: SHUTDOWN_MS },
      login: { graceMs: 60_000 },
      plugins: [
        { module: pluginPath('plugins/simulator'), options: { password: SIM_PWD } },
        { module: pluginPath('test/reliability/fixtures/faulty-source') },
        { module: pluginPath('test/fixtures/plugins/fake-sink') },
      ],
    });
  });
  afterAll(() => p?.kill());

  it('a plugin throwing inside its media callback is logged as an uncaught exception; the process and other streams go on', async () => {
    const a = await p.send('POST', '/REAL_STREAM', sim);
    const b = await p.send('POST', '/REAL_STREAM', { ...faulty, nvr_channel: FAULTY.channels.throwInCallback });
    expect([a.status_code, b.status_code]).toEqual([200, 200]);
    handles.push(a.play_handle, b.play_handle);
    await until(() => p.lines.some((l) => l.includes('"uncaught exception"') && l.includes('plugin bug inside a media callback')), 10_000);
    expect(p.child.exitCode).toBeNull();
    for (const h of handles) expect((await p.send('GET', `/STREAM/${h}/BEATS`)).status_code).toBe(200);
    const back = await p.send('POST', '/BACK_STREAM', { ...sim, startTime: '2024-03-01 08:00:00', endTime: '2024-03-01 09:00:00' });
    expect(back.status_code).toBe(200);
    handles.push(back.play_handle);
    const shared = await p.send('POST', '/REAL_STREAM', sim);
    expect(shared.rtmp_url).toBe(a.rtmp_url);
    handles.push(shared.play_handle);
    const health = await (await fetch(`${p.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', handles: 4, streams: 3 });
  });

  it('junk on the API socket (random bytes, broken request lines, lying Content-Length, oversized headers) leaves it serving', async () => {
    const { port } = new URL(p.url);
    const junk = [
      randomBytes(512), randomBytes(4096),
      'GET /STREAM/1/BEATS\r\n\r\n', 'POST /REAL_STREAM HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n{"nvr',
      'POST /REAL_STREAM HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\njunk\r\n',
      `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, `GET / HTTP/1.1\r\nX: ${'b'.repeat(70_000)}\r\n\r\n`,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', '\u0000\u0001\u0002 HTTP/9.9\r\n\r\n',
    ];
    await Promise.all(junk.map((data) => new Promise<void>((resolve) => {
      const sock = net.connect(Number(port), '127.0.0.1', () => sock.end(data));
      sock.on('error', () => resolve());
      sock.on('close', () => resolve());
      sock.resume();
      sock.setTimeout(5000, () => sock.destroy());
    })));
    expect(p.child.exitCode).toBeNull();
    const health = await (await fetch(`${p.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', handles: 4 });
    expect((await p.send('GET', `/STREAM/${handles[0]}/BEATS`)).status_code).toBe(200);
  });

  it('SIGTERM: every stream stopped, NVRs logged out, "nvr-pusher stopped", exit 0 within shutdown.timeoutMs', async () => {
    expect(handles).toHaveLength(4);
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const code = await p.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(SHUTDOWN_MS);
    const msgs = p.lines.map((l) => JSON.parse(l) as { msg: string; signal?: string; reason?: string });
    expect(msgs.some((m) => m.msg === 'shutting down' && m.signal === 'SIGTERM')).toBe(true);
    expect(msgs.filter((m) => m.msg === 'play handle released' && m.reason === 'shutdown')).toHaveLength(4);
    expect(msgs.filter((m) => m.msg === 'NVR logout')).toHaveLength(2);
    expect(msgs.at(-1)!.msg).toBe('nvr-pusher stopped');
    expect(msgs.some((m) => m.msg === 'graceful shutdown took too long; exiting')).toBe(false);
    const all = p.lines.join('\n') + p.stderr.join('');
    expect(all).not.toContain(SIM_PWD);
    expect(all).not.toContain(FAULTY_PWD);
  });
});
