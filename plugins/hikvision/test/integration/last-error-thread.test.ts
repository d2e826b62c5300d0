/**
 * The emulator is as strict as the real HCNetSDK about threads (measured with 6.1.9.55, see the plugin README):
 * the last error is per thread, so the old pattern — a call through koffi `.async` (a pool thread), then
 * `NET_DVR_GetLastError` on the JS thread — reads 0; the build version is 0 before `NET_DVR_Init`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHcNetSdk, type HcNetSdkLib } from '../../src/sdk/lib.js';
import { buildEmulator } from '../support/emulator.js';
import { closedPort } from '../../../../test/support/login-servers.js';

let lib: HcNetSdkLib;
beforeAll(async () => {
  lib = loadHcNetSdk(join(await buildEmulator(), 'libhcnetsdk.so'));
});
afterAll(() => {
  lib?.NET_DVR_Cleanup();
});

const loginInfo = (port: number) => ({ sDeviceAddress: '127.0.0.1', wPort: port, sUserName: 'admin', sPassword: 'x', bUseAsynLogin: 0 });
const asyncCall = <T>(fn: unknown, ...args: unknown[]): Promise<T> =>
  new Promise((resolve, reject) => (fn as { async: (...a: unknown[]) => void }).async(...args, (e: unknown, r: T) => (e ? reject(e) : resolve(r))));

describe('emulated HCNetSDK threading', () => {
  it('reports build version 0 before NET_DVR_Init and 6.1.9.55 after', () => {
    expect(lib.NET_DVR_GetSDKBuildVersion()).toBe(0);
    expect(lib.NET_DVR_Init()).toBe(1);
    expect(lib.NET_DVR_GetSDKBuildVersion()).toBe(0x06010937);
  });

  it('keeps the last error per thread: the old .async + read-on-the-JS-thread pattern reads 0', async () => {
    const port = await closedPort();
    expect(await asyncCall<number>(lib.NET_DVR_Login_V40, loginInfo(port), {})).toBe(-1);
    expect(lib.NET_DVR_GetLastError()).toBe(0); // the failure happened on koffi's pool thread
    expect(await asyncCall<number>(lib.NET_DVR_GetLastError)).toBe(0); // and a later async call may land elsewhere
  });

  it('reads the error on the thread that made the call', async () => {
    const port = await closedPort();
    expect(lib.NET_DVR_Login_V40(loginInfo(port), {})).toBe(-1);
    expect(lib.NET_DVR_GetLastError()).toBe(7);
    expect(lib.NET_DVR_GetErrorMsg(null)).toMatch(/^Failed to connect to the device/);
  });
});
