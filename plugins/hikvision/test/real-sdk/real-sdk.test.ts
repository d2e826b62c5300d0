/**
 * The real HCNetSDK (Linux x86-64) through the running service, when its folder is present: the project's
 * sibling `shared/vendor-lib/hikvision-linux-x64`, or the folder NVR_PUSHER_HIK_SDK names. No NVR is reachable,
 * so what is checked is what the library does without one: init, version, the four login failures against
 * loopback servers, the lock-out guard, resource use over many failed logins, stdout, cleanup on SIGTERM.
 * One service process (one `NET_DVR_Init`, 3–4 s) for the whole file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPusherProcess, type PusherProcess } from '../../../../test/reliability/pusher-process.js';
import { REPO_ROOT } from '../../../../test/support/service.js';
import { closedPort, startLoginServer, type LoginServer } from '../../../../test/support/login-servers.js';

const SDK = resolve(process.env.NVR_PUSHER_HIK_SDK || join(REPO_ROOT, '..', 'shared', 'vendor-lib', 'hikvision-linux-x64'));
const present = process.platform === 'linux' && process.arch === 'x64' && existsSync(join(SDK, 'libhcnetsdk.so'));
if (!present) console.log(`real HCNetSDK suite not run: no libhcnetsdk.so in ${SDK} (set NVR_PUSHER_HIK_SDK)`);

const CONNECT_TIMEOUT_MS = 5000; // the SDK's own default, as measured
const PASSWORD = 'Real-Sdk-Pw-41';
const body = (port: number, user = 'admin') => ({ nvr_category: 0, nvr_addr: '127.0.0.1', nvr_port: port, nvr_user: user, nvr_pwd: PASSWORD, nvr_channel: 33 });
const records = (p: PusherProcess) => p.lines.map((l) => JSON.parse(l) as Record<string, any>);
const count = (dir: string) => readdirSync(dir).length;

describe.runIf(present)('the real HCNetSDK through the service', () => {
  let svc: PusherProcess;
  let junk: LoginServer, close: LoginServer, silent: LoginServer;

  beforeAll(async () => {
    [junk, close, silent] = await Promise.all([startLoginServer('junk'), startLoginServer('close'), startLoginServer('silent')]);
    svc = await startPusherProcess({
      rtmp: { embedded: false, publishUrl: 'rtmp://127.0.0.1:1/live' },
      sink: 'native-flv-sink',
      login: { backoffMs: 120_000 },
      plugins: [
        { module: join(REPO_ROOT, 'plugins/hikvision'), options: { sdkPath: SDK, connectTimeoutMs: CONNECT_TIMEOUT_MS } },
        { module: join(REPO_ROOT, 'plugins/native-flv-sink') },
      ],
    }, 60_000);
  }, 90_000);

  afterAll(async () => {
    svc?.kill();
    await Promise.all([junk, close, silent].map((s) => s?.close()));
  });

  it('logs the build version read after NET_DVR_Init: 6.1.9.55', () => {
    const init = records(svc).find((r) => r.msg === 'Hikvision SDK initialised');
    expect(init?.version).toBe('6.1.9.55');
  });

  it('keeps stdout one JSON object per line; the SDK\'s own Init line goes to stderr, not into the log stream', () => {
    expect(svc.lines.length).toBeGreaterThan(2);
    for (const line of svc.lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(svc.stderr.join('')).toMatch(/^loop\[\d+\] find \d+ mac and \d+ ip$/m);
  });

  it('closed port: 606 naming Hikvision error 7 and the SDK\'s own message', async () => {
    const r = await svc.send('POST', '/REAL_STREAM', body(await closedPort()));
    expect(r.status_code).toBe(606);
    expect(r.status_message).toMatch(/Failed to connect to the device\..*\(Hikvision error 7\)/);
  });

  it('junk server: 11; accept-then-close server: 9', async () => {
    const a = await svc.send('POST', '/REAL_STREAM', body(junk.port));
    expect([a.status_code, a.status_message]).toEqual([606, expect.stringMatching(/\(Hikvision error 11\)$/)]);
    const b = await svc.send('POST', '/REAL_STREAM', body(close.port));
    expect([b.status_code, b.status_message]).toEqual([606, expect.stringMatching(/\(Hikvision error 9\)$/)]);
  });

  it('silent server: 10 after the connect timeout; the API and another camera\'s request answered meanwhile', async () => {
    const started = performance.now();
    let done = false;
    const pending = svc.send('POST', '/REAL_STREAM', body(silent.port)).finally(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    // another camera's request is answered meanwhile (on another SDK thread)
    const other = await svc.send('POST', '/REAL_STREAM', body(await closedPort(), 'other-camera'));
    expect([other.status_code, done]).toEqual([606, false]);
    expect(other.status_message).toMatch(/\(Hikvision error 7\)$/);
    const answers: number[] = [];
    while (!done) {
      const t = performance.now();
      const h = await fetch(`${svc.url}/healthz`);
      await h.arrayBuffer();
      answers.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await pending;
    expect([r.status_code, r.status_message]).toEqual([606, expect.stringMatching(/\(Hikvision error 10\)$/)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 200);
    // the event loop's delay, seen from outside: a blocked loop would leave one answer waiting the whole 5 s
    expect(answers.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...answers)).toBeLessThan(CONNECT_TIMEOUT_MS / 2);
  }, 30_000);

  it('20 repeated failed logins make one SDK call; the guard\'s message names the real code', async () => {
    const server = await startLoginServer('close');
    try {
      const answers = [];
      for (let i = 0; i < 20; i++) answers.push(await svc.send('POST', '/REAL_STREAM', body(server.port, 'guarded')));
      expect(server.accepted()).toBe(1);
      expect(answers.every((a) => a.status_code === 606)).toBe(true);
      expect(answers[19].status_message).toMatch(/\(Hikvision error 9\); not retried for \d+ s/);
    } finally {
      await server.close();
    }
  });

  it('50 failed logins leave file descriptors and threads as they were', async () => {
    const pid = svc.child.pid!;
    const port = await closedPort();
    const fail = async (i: number, tag: string) => {
      const r = await svc.send('POST', '/REAL_STREAM', body(i % 2 ? port : close.port, `${tag}${i}`));
      expect(r.status_code).toBe(606);
    };
    for (let i = 0; i < 6; i++) await fail(i, 'warm'); // SDK and libuv threads that start on first use
    const before = { fds: count(`/proc/${pid}/fd`), threads: count(`/proc/${pid}/task`) };
    for (let i = 0; i < 50; i++) await fail(i, 'many');
    await new Promise((r) => setTimeout(r, 300));
    // HTTP keep-alive sockets of this test may close meanwhile: no growth is the check for descriptors
    expect(count(`/proc/${pid}/fd`)).toBeLessThanOrEqual(before.fds);
    expect(count(`/proc/${pid}/task`)).toBe(before.threads);
  }, 60_000);

  it('counts SDK errors by their real codes in /metrics', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    for (const code of [7, 9, 10, 11]) expect(text).toMatch(new RegExp(`nvr_pusher_sdk_errors_total\\{[^}]*code="${code}"[^}]*\\} [1-9]`));
    expect(text).not.toMatch(/nvr_pusher_sdk_errors_total\{[^}]*code="0"/);
  });

  it('SIGTERM runs NET_DVR_Cleanup and exits 0; no password in any log line', async () => {
    const stdoutEnd = new Promise((r) => (svc.child.stdout!.closed ? r(undefined) : svc.child.stdout!.once('close', r)));
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(0);
    await stdoutEnd; // 'exit' may come before the last lines
    const msgs = records(svc).map((r) => r.msg);
    expect(msgs).toContain('Hikvision SDK released (NET_DVR_Cleanup)');
    expect(msgs).toContain('nvr-pusher stopped');
    expect(svc.lines.join('\n')).not.toContain(PASSWORD);
  }, 30_000);
});
