/** `HikSdk` over the real library through koffi. One instance per process (see `acquireHikSdk`). */
import koffi, { type TypeObject } from 'koffi';
import { fromWallParts, toWallParts, type WallTime } from '@nvr-pusher/core/contracts';
import { fExceptionCallBack, fPlayDataCallBack_V40, REALDATACALLBACK } from './callbacks.js';
import { FindResult, hikErrorText } from './error-codes.js';
import { type HikSdk, HikSdkError, type DataListener, type DeviceInfo, type LiveRequest, type SdkException, type SdkInitOptions, type SearchStep, type TimeRange } from './hik-sdk.js';
import { InitCfg, loadHcNetSdk, PlayControl, type HcNetSdkLib } from './lib.js';
import { hostStructs } from './structs.js';
import type { SdkPtr } from './types.js';

type AsyncFn = { async: (...args: unknown[]) => void };

/** Runs a blocking SDK function on a koffi worker thread (threading rule in lib.ts). */
function callAsync<T>(fn: unknown, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    (fn as AsyncFn).async(...args, (err: unknown, res: T) => (err ? reject(err) : resolve(res)));
  });
}

const cstr = (bytes: ArrayLike<number> | string): string =>
  typeof bytes === 'string' ? bytes : Buffer.from(Array.from(bytes)).toString('utf8').replace(/\0.*$/s, '');

const toSdkTime = (t: WallTime) => {
  const p = toWallParts(t);
  return { dwYear: p.year, dwMonth: p.month, dwDay: p.day, dwHour: p.hour, dwMinute: p.minute, dwSecond: p.second };
};
type SdkTime = ReturnType<typeof toSdkTime>;
const fromSdkTime = (t: SdkTime): WallTime =>
  fromWallParts({ year: t.dwYear, month: t.dwMonth, day: t.dwDay, hour: t.dwHour, minute: t.dwMinute, second: t.dwSecond });

export class KoffiHikSdk implements HikSdk {
  readonly version: string;
  private readonly structs = hostStructs();
  /**
   * Registered data callbacks by session handle ("live:3", "play:0"), unregistered after Stop* returned. A list
   * per key, oldest first: the SDK may hand a freed handle to a new session before the old Stop*'s result
   * reaches JS, and the old session must then release its own callback, not the new one.
   */
  private readonly callbacks = new Map<string, bigint[]>();
  private readonly exceptionListeners = new Set<(e: SdkException) => void>();
  private exceptionCallback: bigint | undefined;

  private constructor(private readonly lib: HcNetSdkLib) {
    const build = lib.NET_DVR_GetSDKBuildVersion() as number;
    this.version = [24, 16, 8, 0].map((s) => (build >>> s) & 0xff).join('.');
  }

  /** Loads `file`, applies the init config, `NET_DVR_Init`, and installs the exception callback. */
  static async open(file: string, opts: SdkInitOptions): Promise<KoffiHikSdk> {
    const lib = loadHcNetSdk(file);
    const sdk = new KoffiHikSdk(lib);
    const pathCfg = Buffer.alloc(koffi.sizeof(sdk.structs.NET_DVR_LOCAL_SDK_PATH));
    pathCfg.write(opts.sdkDir.slice(0, 255), 'utf8');
    sdk.check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.SDK_PATH, pathCfg));
    if (opts.libcryptoPath) sdk.check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.LIBEAY_PATH, Buffer.from(`${opts.libcryptoPath}\0`)));
    if (opts.libsslPath) sdk.check('NET_DVR_SetSDKInitCfg', lib.NET_DVR_SetSDKInitCfg(InitCfg.SSLEAY_PATH, Buffer.from(`${opts.libsslPath}\0`)));
    sdk.check('NET_DVR_Init', await callAsync<number>(lib.NET_DVR_Init));
    sdk.check('NET_DVR_SetConnectTime', lib.NET_DVR_SetConnectTime(opts.connectTimeoutMs, opts.connectTries));
    sdk.check('NET_DVR_SetReconnect', lib.NET_DVR_SetReconnect(opts.reconnectIntervalMs, 1));
    sdk.exceptionCallback = koffi.register((type: number, userId: number, handle: number) => {
      for (const l of sdk.exceptionListeners) {
        try {
          l({ type, userId, handle });
        } catch {
          // a listener's failure must not reach the SDK thread
        }
      }
    }, koffi.pointer(fExceptionCallBack));
    sdk.check('NET_DVR_SetExceptionCallBack_V30', lib.NET_DVR_SetExceptionCallBack_V30(0, null, sdk.exceptionCallback, null));
    return sdk;
  }

  private fail(fn: string, lock?: HikSdkError['lock']): HikSdkError {
    const code = this.lib.NET_DVR_GetLastError() as number;
    return new HikSdkError(fn, code, hikErrorText(code), lock);
  }
  private check(fn: string, ok: unknown): void {
    if (ok !== 1 && ok !== true) throw this.fail(fn);
  }

  onException(listener: (e: SdkException) => void): () => void {
    this.exceptionListeners.add(listener);
    return () => this.exceptionListeners.delete(listener);
  }

  async login(address: string, port: number, user: string, password: string): Promise<DeviceInfo> {
    const info = {
      sDeviceAddress: address, wPort: port, sUserName: user, sPassword: password,
      cbLoginResult: null, pUser: null, bUseAsynLogin: 0,
    };
    const out: Record<string, any> = {};
    const id = await callAsync<number>(this.lib.NET_DVR_Login_V40, info, out);
    if (id < 0) {
      throw this.fail('NET_DVR_Login_V40', out.bySupportLock ? { attemptsLeft: out.byRetryLoginTime, lockSeconds: out.dwSurplusLockTime } : undefined);
    }
    const v = out.struDeviceV30;
    return {
      userId: id, serial: cstr(v.sSerialNumber).trim(),
      analogStart: v.byStartChan, analogCount: v.byChanNum,
      ipStart: v.byStartDChan, ipCount: v.byIPChanNum + 256 * v.byHighDChanNum,
      supportsLock: out.bySupportLock === 1, attemptsLeft: out.byRetryLoginTime,
    };
  }

  async logout(userId: number): Promise<void> {
    this.check('NET_DVR_Logout', await callAsync(this.lib.NET_DVR_Logout, userId));
  }

  /** A registered data callback that copies the payload at once and never throws into the SDK. */
  private dataCallback(proto: TypeObject, onData: DataListener): bigint {
    return koffi.register((_h: number, type: number, ptr: SdkPtr, size: number) => {
      try {
        const bytes = ptr && size > 0 ? new Uint8Array(koffi.view(ptr, size)).slice() : new Uint8Array(0);
        onData(type, bytes);
      } catch {
        // never hand an exception to the SDK thread
      }
    }, koffi.pointer(proto));
  }

  async startLive(userId: number, req: LiveRequest, onData: DataListener): Promise<number> {
    const cb = this.dataCallback(REALDATACALLBACK, onData);
    // hPlayWnd 0: no decoding/display. bBlocked 1: a refused connect fails this call with its code (up to ~5 s,
    // on the worker thread) instead of succeeding and reporting an exception later (vendor notes §4.4).
    const preview = {
      lChannel: req.channel, dwStreamType: req.streamType, dwLinkMode: req.linkMode,
      hPlayWnd: this.structs.platform === 'linux-x64' ? 0 : null, bBlocked: 1,
    };
    let handle: number;
    try {
      handle = await callAsync<number>(this.lib.NET_DVR_RealPlay_V40, userId, preview, cb, null);
    } catch (e) {
      koffi.unregister(cb);
      throw e;
    }
    if (handle < 0) {
      const err = this.fail('NET_DVR_RealPlay_V40');
      koffi.unregister(cb);
      throw err;
    }
    this.hold(`live:${handle}`, cb);
    return handle;
  }

  async stopLive(handle: number): Promise<void> {
    const ok = await callAsync(this.lib.NET_DVR_StopRealPlay, handle);
    this.release(`live:${handle}`);
    this.check('NET_DVR_StopRealPlay', ok);
  }

  private hold(key: string, cb: bigint): void {
    const list = this.callbacks.get(key);
    if (list) list.push(cb);
    else this.callbacks.set(key, [cb]);
  }

  private release(key: string): void {
    const list = this.callbacks.get(key);
    const cb = list?.shift();
    if (cb !== undefined) koffi.unregister(cb);
    if (list && list.length === 0) this.callbacks.delete(key);
  }

  async openSearch(userId: number, range: TimeRange): Promise<number> {
    const cond = {
      lChannel: range.channel, dwFileType: 0xff, dwIsLocked: 0xff,
      struStartTime: toSdkTime(range.start), struStopTime: toSdkTime(range.end),
    };
    const h = await callAsync<number>(this.lib.NET_DVR_FindFile_V40, userId, cond);
    if (h < 0) throw this.fail('NET_DVR_FindFile_V40');
    return h;
  }

  async nextFile(search: number): Promise<SearchStep> {
    const out: Record<string, any> = {};
    const r = await callAsync<number>(this.lib.NET_DVR_FindNextFile_V40, search, out);
    switch (r) {
      case FindResult.SUCCESS:
        return {
          status: 'file',
          file: { fileName: cstr(out.sFileName), fileSize: out.dwFileSize, start: fromSdkTime(out.struStartTime), stop: fromSdkTime(out.struStopTime) },
        };
      case FindResult.IS_FINDING: return { status: 'busy' };
      case FindResult.NO_FILE: return { status: 'none' };
      case FindResult.NO_MORE_FILE: return { status: 'end' };
      case -1: throw this.fail('NET_DVR_FindNextFile_V40');
      default: return { status: 'failed', code: r };
    }
  }

  async closeSearch(search: number): Promise<void> {
    this.check('NET_DVR_FindClose_V30', await callAsync(this.lib.NET_DVR_FindClose_V30, search));
  }

  async startPlayback(userId: number, range: TimeRange, onData: DataListener): Promise<number> {
    const s = this.structs;
    const vod = {
      dwSize: koffi.sizeof(s.NET_DVR_VOD_PARA),
      struIDInfo: { dwSize: koffi.sizeof(s.NET_DVR_STREAM_INFO), dwChannel: range.channel },
      struBeginTime: toSdkTime(range.start), struEndTime: toSdkTime(range.end),
      hWnd: s.platform === 'linux-x64' ? 0 : null,
    };
    const handle = await callAsync<number>(this.lib.NET_DVR_PlayBackByTime_V40, userId, vod);
    if (handle < 0) throw this.fail('NET_DVR_PlayBackByTime_V40');
    const cb = this.dataCallback(fPlayDataCallBack_V40, onData);
    this.hold(`play:${handle}`, cb);
    try {
      this.check('NET_DVR_SetPlayDataCallBack_V40', this.lib.NET_DVR_SetPlayDataCallBack_V40(handle, cb, null));
      // PLAYSTART talks to the device: off the JS thread like the other blocking calls.
      const ok = await callAsync(this.lib.NET_DVR_PlayBackControl_V40, handle, PlayControl.PLAYSTART, null, 0, null, null);
      this.check('NET_DVR_PlayBackControl_V40', ok);
    } catch (e) {
      await this.stopPlayback(handle).catch(() => undefined);
      throw e;
    }
    return handle;
  }

  async seekPlayback(handle: number, time: WallTime): Promise<void> {
    const buf = Buffer.alloc(koffi.sizeof(this.structs.NET_DVR_TIME));
    koffi.encode(buf, this.structs.NET_DVR_TIME, toSdkTime(time));
    const ok = await callAsync(this.lib.NET_DVR_PlayBackControl_V40, handle, PlayControl.PLAYSETTIME, buf, buf.length, null, null);
    this.check('NET_DVR_PlayBackControl_V40', ok);
  }

  playbackPosition(handle: number): number {
    const out = Buffer.alloc(4);
    const len = [4];
    this.check('NET_DVR_PlayBackControl_V40', this.lib.NET_DVR_PlayBackControl_V40(handle, PlayControl.PLAYGETPOS, null, 0, out, len));
    return out.readUInt32LE(0);
  }

  async stopPlayback(handle: number): Promise<void> {
    const ok = await callAsync(this.lib.NET_DVR_StopPlayBack, handle);
    this.release(`play:${handle}`);
    this.check('NET_DVR_StopPlayBack', ok);
  }

  async ptz(userId: number, channel: number, command: number, stop: boolean, speed: number): Promise<void> {
    const ok = await callAsync(this.lib.NET_DVR_PTZControlWithSpeed_Other, userId, channel, command, stop ? 1 : 0, speed);
    this.check('NET_DVR_PTZControlWithSpeed_Other', ok);
  }

  registeredCallbacks(): number {
    let n = 0;
    for (const list of this.callbacks.values()) n += list.length;
    return n;
  }

  async cleanup(): Promise<void> {
    const ok = await callAsync(this.lib.NET_DVR_Cleanup);
    for (const list of this.callbacks.values()) for (const cb of list) koffi.unregister(cb);
    this.callbacks.clear();
    if (this.exceptionCallback !== undefined) koffi.unregister(this.exceptionCallback);
    this.exceptionCallback = undefined;
    this.exceptionListeners.clear();
    this.check('NET_DVR_Cleanup', ok);
  }
}
