/**
 * The plugin's SDK threads against the emulator: every login failure the real library distinguishes arrives with
 * its own code (read on the thread that made the call), and a login blocked on a silent device does not hold up
 * the event loop nor another camera's login and live start.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureHikMedia } from '../support/hik-media.js';
import { never, startEmulatedPlugin, waitFor, type EmulatedPlugin } from '../support/emulated-plugin.js';
import { closedPort, startLoginServer, type LoginServer } from '../../../../test/support/login-servers.js';
import { RecordingOutput } from '../support/recording-output.js';
import { rejection } from '../support/rejection.js';

const CONNECT_TIMEOUT_MS = 3000;
const creds = (port: number, password = 'pw') => ({ category: 0, addr: '127.0.0.1', port, user: 'admin', password });
let env: EmulatedPlugin;
const servers: LoginServer[] = [];

beforeAll(async () => {
  env = await startEmulatedPlugin({
    devices: [{ port: 8600, users: [{ name: 'admin', password: 'pw' }], channels: [{ no: 33, media: fixtureHikMedia() }] }],
  }, { connectTimeoutMs: CONNECT_TIMEOUT_MS, sdkThreads: 2 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await env?.source.dispose();
});

async function server(kind: 'junk' | 'close' | 'silent'): Promise<LoginServer> {
  const s = await startLoginServer(kind);
  servers.push(s);
  return s;
}

describe('login failures read on the SDK thread', () => {
  it('closed port: 606 with Hikvision error 7 and the SDK message, at once', async () => {
    const e = await rejection(env.source.login(creds(await closedPort()), never));
    expect([e.code, e.vendorCode]).toEqual([606, 7]);
    expect(e.message).toMatch(/\(SDK: Failed to connect to the device\. .*\) \(Hikvision error 7\)$/);
  });

  it('junk server: 11; accept-then-close: 9', async () => {
    const junk = await server('junk');
    const e = await rejection(env.source.login(creds(junk.port), never));
    expect([e.code, e.vendorCode]).toEqual([606, 11]);
    expect(junk.accepted()).toBe(1);
    const close = await server('close');
    const e2 = await rejection(env.source.login(creds(close.port), never));
    expect([e2.code, e2.vendorCode]).toEqual([606, 9]);
  });

  it('silent server: 10 after the connect timeout, while the event loop and another camera carry on', async () => {
    const silent = await server('silent');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    let settledAt = 0;
    const blocked = rejection(env.source.login(creds(silent.port), never)).finally(() => (settledAt = performance.now()));
    await waitFor(() => silent.accepted() === 1, 5000, 'the silent server to be reached');
    // another camera: login and live start complete, and data flows, while the silent login is still pending
    const login = await env.source.login(creds(8600), never);
    const out = new RecordingOutput();
    const session = await env.source.openLive(login, 33, out, never);
    await waitFor(() => out.of('raw').length > 3, 10_000, 'live data from the other camera');
    expect(settledAt).toBe(0);
    const e = await blocked;
    delay.disable();
    expect([e.code, e.vendorCode]).toEqual([606, 10]);
    expect(settledAt - started).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    // a blocked event loop would show the whole connect timeout as one delay
    expect(delay.max / 1e6).toBeLessThan(CONNECT_TIMEOUT_MS / 2);
    await session.close();
    await env.source.logout(login);
    expect(env.emu.openHandles()).toMatchObject({ logins: 0, live: 0, dataCallbacks: 0 });
  });
});
