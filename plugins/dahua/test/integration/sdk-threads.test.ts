/**
 * The plugin's SDK threads against the emulator: login failures read on the calling thread, and a login blocked
 * on a silent device holds up neither the event loop nor another camera's login and live start.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PusherError } from '@nvr-pusher/core/contracts';
import plugin, { DahuaSource } from '../../src/index.js';
import { DhError } from '../../src/sdk/index.js';
import { closedPort, startLoginServer, type LoginServer } from '../../../../test/support/login-servers.js';
import { dhavFixture } from '../tools/media-fixtures.js';
import { RecordingOutput, signal, silentLogger, startEmulator, waitFor, EMULATOR_LIBRARY_NAME } from '../emulator/harness.js';

const CONNECT_TIMEOUT_MS = 3000;
const creds = (port: number, password = 'pw') => ({ category: 1, addr: '127.0.0.1', port, user: 'admin', password });
let emu: Awaited<ReturnType<typeof startEmulator>>;
let source: DahuaSource;
const servers: LoginServer[] = [];

beforeAll(async () => {
  const h264 = await dhavFixture('h264');
  emu = await startEmulator(`device 127.0.0.1 37791 1\nuser admin pw\nlive 0 ${h264.file}\n`);
  source = plugin.create({
    options: {
      categories: [1], sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME, connectTimeoutMs: CONNECT_TIMEOUT_MS, connectTries: 1, sdkThreads: 2,
      autoReconnect: true, streamType: 'main', channelBase: 1, ptzSpeed: 4, unavailable: 'fail', dumpRaw: '',
    },
    logger: silentLogger, clock: { now: () => performance.now() }, formats: { get: () => undefined }, registerSecret: () => {}, baseDir: process.cwd(),
  }) as DahuaSource;
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await source?.dispose();
  emu?.cleanup();
});

const loginError = (port: number) => source.login(creds(port), signal()).then(() => undefined, (e: unknown) => e as PusherError);

describe('Dahua login failures read on the SDK thread', () => {
  it('closed port and accept-then-close: 606 with NET_LOGIN_ERROR_NETWORK', async () => {
    const e = await loginError(await closedPort());
    expect([e?.code, e?.vendorCode]).toEqual([606, DhError.LOGIN_ERROR_NETWORK]);
    const close = await startLoginServer('close');
    servers.push(close);
    const e2 = await loginError(close.port);
    expect([e2?.code, e2?.vendorCode]).toEqual([606, DhError.LOGIN_ERROR_NETWORK]);
    expect(close.accepted()).toBe(1);
  });

  it('silent server: NET_LOGIN_ERROR_TIMEOUT after the connect time, while the event loop and another camera carry on', async () => {
    const silent = await startLoginServer('silent');
    servers.push(silent);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    let settledAt = 0;
    const blocked = loginError(silent.port).finally(() => (settledAt = performance.now()));
    await waitFor(() => silent.accepted() === 1, 5000, 'the silent server to be reached');
    const login = await source.login(creds(37791), signal());
    const out = new RecordingOutput();
    const live = await source.openLive(login, 1, out, signal());
    await waitFor(() => out.rawBytes > 0, 10_000, 'live data from the other camera');
    expect(settledAt).toBe(0);
    const e = await blocked;
    delay.disable();
    expect([e?.code, e?.vendorCode]).toEqual([606, DhError.LOGIN_ERROR_TIMEOUT]);
    expect(settledAt - started).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    expect(delay.max / 1e6).toBeLessThan(CONNECT_TIMEOUT_MS / 2);
    await live.close();
    await source.logout(login);
    expect(emu.openPlays()).toBe(0);
    expect(emu.openLogins()).toBe(0);
  });
});
