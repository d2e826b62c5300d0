/**
 * The HCNetSDK's own thread (worker entry, started by `KoffiHikSdk` through `SdkThread`). It loads the library
 * and makes every vendor call synchronously; a failed call's `NET_DVR_GetLastError` — per thread in the real
 * library — and `NET_DVR_GetErrorMsg` are read right after it, here, and travel back as a `VendorCallError`.
 * Callback pointers arrive as addresses registered on the main thread (koffi runs them there).
 */
import { workerData } from 'node:worker_threads';
import koffi from 'koffi';
import { serveSdkThread, VendorCallError } from '@nvr-pusher/core/ffi';
import type { SdkInitOptions } from './hik-sdk.js';
import { InitCfg, loadHcNetSdk, PlayControl } from './lib.js';
import { hostStructs } from './structs.js';

const lib = loadHcNetSdk((workerData as { file: string }).file);
const structs = hostStructs();

/** The error of the call just made on this thread, with the SDK's own text. */
function fail(fn: string, detail?: Record<string, number>): VendorCallError {
  const code = lib.NET_DVR_GetLastError() as number;
  const sdkMessage = (lib.NET_DVR_GetErrorMsg(null) as string | null)?.trim() || undefined;
  return new VendorCallError(fn, code, sdkMessage, detail);
}
function check(fn: string, ok: unknown): void {
  if (ok !== 1 && ok !== true) throw fail(fn);
}

serveSdkThread({
  /** Init config, `NET_DVR_Init`, connect/reconnect settings; the build version is read after Init (0 before). */
  init(opts: SdkInitOptions): { build: number } {
    const pathCfg = Buffer.alloc(koffi.sizeof(structs.NET_DVR_LOCAL_SDK_PATH));
    pathCfg.write(opts.sdkDir.slice(0, 255), 'utf8');
    check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.SDK_PATH, pathCfg));
    if (opts.libcryptoPath) check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.LIBEAY_PATH, Buffer.from(`${opts.libcryptoPath}\0`)));
    if (opts.libsslPath) check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.SSLEAY_PATH, Buffer.from(`${opts.libsslPath}\0`)));
    check('NET_DVR_Init', lib.NET_DVR_Init());
    check('NET_DVR_SetConnectTime', lib.NET_DVR_SetConnectTime(opts.connectTimeoutMs, opts.connectTries));
    check('NET_DVR_SetReconnect', lib.NET_DVR_SetReconnect(opts.reconnectIntervalMs, 1));
    return { build: lib.NET_DVR_GetSDKBuildVersion() as number };
  },
  setExceptionCallback(cb: bigint): void {
    check('NET_DVR_SetExceptionCallBack_V30', lib.NET_DVR_SetExceptionCallBack_V30(0, null, cb, null));
  },
  login(info: Record<string, unknown>): { id: number; out: Record<string, any> } {
    const out: Record<string, any> = {};
    const id = lib.NET_DVR_Login_V40(info, out) as number;
    if (id < 0) {
      throw fail('NET_DVR_Login_V40', out.bySupportLock ? { attemptsLeft: out.byRetryLoginTime, lockSeconds: out.dwSurplusLockTime } : undefined);
    }
    return { id, out };
  },
  logout(userId: number): void {
    check('NET_DVR_Logout', lib.NET_DVR_Logout(userId));
  },
  startLive(userId: number, preview: Record<string, unknown>, cb: bigint): number {
    const handle = lib.NET_DVR_RealPlay_V40(userId, { ...preview, hPlayWnd: structs.platform === 'linux-x64' ? 0 : null }, cb, null) as number;
    if (handle < 0) throw fail('NET_DVR_RealPlay_V40');
    return handle;
  },
  stopLive(handle: number): void {
    check('NET_DVR_StopRealPlay', lib.NET_DVR_StopRealPlay(handle));
  },
  openSearch(userId: number, cond: Record<string, unknown>): number {
    const h = lib.NET_DVR_FindFile_V40(userId, cond) as number;
    if (h < 0) throw fail('NET_DVR_FindFile_V40');
    return h;
  },
  /** The raw result (FindResult or -1 → error) and the file found. */
  nextFile(search: number): { r: number; out: Record<string, any> } {
    const out: Record<string, any> = {};
    const r = lib.NET_DVR_FindNextFile_V40(search, out) as number;
    if (r === -1) throw fail('NET_DVR_FindNextFile_V40');
    return { r, out };
  },
  closeSearch(search: number): void {
    check('NET_DVR_FindClose_V30', lib.NET_DVR_FindClose_V30(search));
  },
  /** Opens playback by time, sets the data callback and starts it; a failed step stops the handle again. */
  startPlayback(userId: number, vod: Record<string, any>, cb: bigint): number {
    const para = {
      ...vod,
      dwSize: koffi.sizeof(structs.NET_DVR_VOD_PARA),
      struIDInfo: { ...vod.struIDInfo, dwSize: koffi.sizeof(structs.NET_DVR_STREAM_INFO) },
      hWnd: structs.platform === 'linux-x64' ? 0 : null,
    };
    const handle = lib.NET_DVR_PlayBackByTime_V40(userId, para) as number;
    if (handle < 0) throw fail('NET_DVR_PlayBackByTime_V40');
    try {
      check('NET_DVR_SetPlayDataCallBack_V40', lib.NET_DVR_SetPlayDataCallBack_V40(handle, cb, null));
      check('NET_DVR_PlayBackControl_V40', lib.NET_DVR_PlayBackControl_V40(handle, PlayControl.PLAYSTART, null, 0, null, null));
    } catch (e) {
      lib.NET_DVR_StopPlayBack(handle);
      throw e;
    }
    return handle;
  },
  seekPlayback(handle: number, time: Record<string, number>): void {
    const buf = Buffer.alloc(koffi.sizeof(structs.NET_DVR_TIME));
    koffi.encode(buf, structs.NET_DVR_TIME, time);
    check('NET_DVR_PlayBackControl_V40', lib.NET_DVR_PlayBackControl_V40(handle, PlayControl.PLAYSETTIME, buf, buf.length, null, null));
  },
  playbackPosition(handle: number): number {
    const out = Buffer.alloc(4);
    check('NET_DVR_PlayBackControl_V40', lib.NET_DVR_PlayBackControl_V40(handle, PlayControl.PLAYGETPOS, null, 0, out, [4]));
    return out.readUInt32LE(0);
  },
  stopPlayback(handle: number): void {
    check('NET_DVR_StopPlayBack', lib.NET_DVR_StopPlayBack(handle));
  },
  ptz(userId: number, channel: number, command: number, stop: boolean, speed: number): void {
    check('NET_DVR_PTZControlWithSpeed_Other', lib.NET_DVR_PTZControlWithSpeed_Other(userId, channel, command, stop ? 1 : 0, speed));
  },
  cleanup(): void {
    check('NET_DVR_Cleanup', lib.NET_DVR_Cleanup());
  },
});
