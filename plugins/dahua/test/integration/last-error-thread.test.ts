/**
 * The emulator keeps CLIENT_GetLastError per thread (as HCNetSDK's measurably is; nothing shows Dahua's is
 * process-wide), so the old pattern — a call through koffi `.async` (a pool thread), then CLIENT_GetLastError on
 * the JS thread — reads 0 here, as it would on such a library. The version is 0 before CLIENT_Init.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDhLib, type DhLib } from '../../src/sdk/lib.js';
import { DhError } from '../../src/sdk/index.js';
import { closedPort } from '../../../../test/support/login-servers.js';
import { startEmulator } from '../emulator/harness.js';

let lib: DhLib;
let emu: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emu = await startEmulator('device 127.0.0.1 37790 1\nuser admin pw\n');
  lib = loadDhLib(emu.path);
});
afterAll(async () => {
  await lib?.CLIENT_Cleanup.async();
  emu?.cleanup();
});

const input = (port: number) => ({ dwSize: 216, szIP: '127.0.0.1', nPort: port, szUserName: 'admin', szPassword: 'x', emSpecCap: 0, byReserved: [0, 0, 0, 0], pCapParam: null });

describe('emulated dhnetsdk threading', () => {
  it('reports version 0 before CLIENT_Init', () => {
    expect(lib.CLIENT_GetSDKVersion()).toBe(0);
    expect(lib.CLIENT_Init(null, 0)).toBe(1);
    expect(lib.CLIENT_GetSDKVersion()).toBe(0x03050000);
    lib.CLIENT_SetConnectTime(300, 1);
  });

  it('keeps the last error per thread: the old .async + read-on-the-JS-thread pattern reads 0', async () => {
    const port = await closedPort();
    const out = { dwSize: 240 };
    expect(Number(await lib.CLIENT_LoginWithHighLevelSecurity.async(input(port), out))).toBe(0);
    expect(lib.CLIENT_GetLastError()).toBe(0);
    expect(Number(lib.CLIENT_LoginWithHighLevelSecurity(input(port), out))).toBe(0);
    expect(lib.CLIENT_GetLastError() >>> 0).toBe(DhError.LOGIN_ERROR_NETWORK);
  });
});
