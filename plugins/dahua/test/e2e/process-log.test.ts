/**
 * The service process (core/main.ts) with the dahua plugin on the emulator, whose CLIENT_Init prints a plain line
 * on stdout from C (as vendor SDKs do): that line arrives as a log record and stdout stays one JSON object per
 * line; the version is logged after CLIENT_Init; SIGTERM releases the SDK and exits 0.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPusherProcess, type PusherProcess } from '../../../../test/reliability/pusher-process.js';
import { REPO_ROOT } from '../../../../test/support/service.js';
import { closedPort } from '../../../../test/support/login-servers.js';
import { EMULATOR_LIBRARY_NAME, startEmulator } from '../emulator/harness.js';

const PASSWORD = 'Dahua-Process-Pw-9';
let emu: Awaited<ReturnType<typeof startEmulator>>;
let svc: PusherProcess;

beforeAll(async () => {
  emu = await startEmulator(`device 127.0.0.1 37792 1\nuser admin ${PASSWORD}\n`); // sets DH_EMU_CONFIG, inherited by the child
  svc = await startPusherProcess({
    rtmp: { embedded: false, publishUrl: 'rtmp://127.0.0.1:1/live' },
    sink: 'native-flv-sink',
    plugins: [
      { module: join(REPO_ROOT, 'plugins/dahua'), options: { sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME, connectTimeoutMs: 500 } },
      { module: join(REPO_ROOT, 'plugins/native-flv-sink') },
    ],
  }, 60_000);
}, 90_000);
afterAll(() => {
  svc?.kill();
  emu?.cleanup();
});

describe('dahua in the service process', () => {
  it('logs what CLIENT_Init prints on stdout as a record; every stdout line is JSON; SIGTERM exits 0', async () => {
    const r = await svc.send('POST', '/REAL_STREAM', { nvr_category: 1, nvr_addr: '127.0.0.1', nvr_port: await closedPort(), nvr_user: 'admin', nvr_pwd: PASSWORD, nvr_channel: 1 });
    expect(r.status_code).toBe(606);
    expect(r.status_message).toMatch(/\(Dahua error 2147483756\)$/); // _EC(108), read on the SDK thread
    const stdoutEnd = new Promise((res) => (svc.child.stdout!.closed ? res(undefined) : svc.child.stdout!.once('close', res)));
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(0);
    await stdoutEnd;
    const records = svc.lines.map((l) => JSON.parse(l) as Record<string, any>); // throws on a line that is not JSON
    expect(records.filter((x) => x.source === 'stdout').map((x) => x.msg)).toEqual(['dhnetsdk emulator: CLIENT_Init']);
    expect(records.find((x) => x.msg === 'Dahua SDK initialised')?.sdkVersion).toBe('3050000');
    expect(records.map((x) => x.msg)).toContain('nvr-pusher stopped');
    expect(svc.lines.join('\n')).not.toContain(PASSWORD);
  }, 60_000);
});
