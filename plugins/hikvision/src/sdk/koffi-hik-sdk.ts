/**
 * `HikSdk` over the real library: every vendor call runs on one of the SDK's own threads (`hik-sdk-thread.ts`,
 * through `SdkThreadPool`), where its last error is read; the data and exception callbacks are registered here, on the main
 * thread, and run here. One instance per library file per process (see `acquireHikSdk`).
 */
import koffi, { type TypeObject } from 'koffi';
import { fromWallParts, toWallParts, type WallTime } from '@nvr-pusher/core/contracts';
import { SdkThreadPool, VendorCallError } from '@nvr-pusher/core/ffi';
import { fExceptionCallBack, fPlayDataCallBack_V40, REALDATACALLBACK } from './callbacks.js';
import { FindResult, hikErrorText } from './error-codes.js';
import { type HikSdk, HikSdkError, type DataListener, type DeviceInfo, type LiveRequest, type SdkException, type SdkInitOptions, type SearchStep, type TimeRange } from './hik-sdk.js';
import type { SdkPtr } from './types.js';

const cstr = (bytes: ArrayLike<number> | string): string =>
  typeof bytes === 'string' ? bytes : Buffer.from(Array.from(bytes)).toString('utf8').replace(/\0.*$/s, '');

const toSdkTime = (t: WallTime) => {
  const p = toWallParts(t);
  return { dwYear: p.year, dwMonth: p.month, dwDay: p.day, dwHour: p.hour, dwMinute: p.minute, dwSecond: p.second };
};
type SdkTime = ReturnType<typeof toSdkTime>;
const fromSdkTime = (t: SdkTime): WallTime =>
  fromWallParts({ year: t.dwYear, month: t.dwMonth, day: t.dwDay, hour: t.dwHour, minute: t.dwMinute, second: t.dwSecond });

/** `NET_DVR_GetSDKBuildVersion`: one byte each, 0x06010937 = 6.1.9.55. */
export const buildVersionText = (build: number): string => [24, 16, 8, 0].map((s) => (build >>> s) & 0xff).join('.');

/** The vendor failure as the plugin reports it: our table's text, the SDK's own message, lock details. */
function toHikError(e: unknown): unknown {
  if (!(e instanceof VendorCallError)) return e;
  const lock = e.detail ? { attemptsLeft: e.detail.attemptsLeft as number, lockSeconds: e.detail.lockSeconds as number } : undefined;
  return new HikSdkError(e.fn, e.code, hikErrorText(e.code), lock, e.sdkMessage);
}

export class KoffiHikSdk implements HikSdk {
  /**
   * Registered data callbacks by session handle ("live:3", "play:0"), unregistered after Stop* returned. A list
   * per key, oldest first: the SDK may hand a freed handle to a new session before the old Stop*'s result
   * reaches JS, and the old session must then release its own callback, not the new one.
   */
  private readonly callbacks = new Map<string, bigint[]>();
  private readonly exceptionListeners = new Set<(e: SdkException) => void>();
  private exceptionCallback: bigint | undefined;

  private constructor(private readonly threads: SdkThreadPool, readonly version: string) {}

  /** Starts the SDK threads on `file`: init config, `NET_DVR_Init`, version, exception callback. */
  static async open(file: string, opts: SdkInitOptions): Promise<KoffiHikSdk> {
    const entry = new URL(`./hik-sdk-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
    const threads = new SdkThreadPool(entry, { file }, 'hikvision', opts.threads ?? 1);
    let sdk: KoffiHikSdk;
    try {
      const { build } = await threads.first.call<{ build: number }>('init', opts).catch((e) => Promise.reject(toHikError(e)));
      sdk = new KoffiHikSdk(threads, buildVersionText(build));
    } catch (e) {
      await threads.close();
      throw e;
    }
    sdk.exceptionCallback = koffi.register((type: number, userId: number, handle: number) => {
      for (const l of sdk.exceptionListeners) {
        try {
          l({ type, userId, handle });
        } catch {
          // a listener's failure must not reach the SDK thread
        }
      }
    }, koffi.pointer(fExceptionCallBack));
    await threads.first.call('setExceptionCallback', sdk.exceptionCallback).catch((e) => Promise.reject(toHikError(e)));
    return sdk;
  }

  /** Runs `method` on an SDK thread; vendor failures become `HikSdkError`s. */
  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.threads.call<T>(method, ...args).catch((e: unknown) => Promise.reject(toHikError(e)));
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
    const { id, out } = await this.call<{ id: number; out: Record<string, any> }>('login', info);
    const v = out.struDeviceV30;
    return {
      userId: id, serial: cstr(v.sSerialNumber).trim(),
      analogStart: v.byStartChan, analogCount: v.byChanNum,
      ipStart: v.byStartDChan, ipCount: v.byIPChanNum + 256 * v.byHighDChanNum,
      supportsLock: out.bySupportLock === 1, attemptsLeft: out.byRetryLoginTime,
    };
  }

  async logout(userId: number): Promise<void> {
    await this.call('logout', userId);
  }

  /**
   * A registered data callback that copies the payload at once (the SDK reuses its buffer) and never throws into
   * the SDK. koffi runs it on the main thread whichever SDK thread calls it.
   */
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
    // hPlayWnd 0 (set on the SDK thread): no decoding/display. bBlocked 1: a refused connect fails this call with
    // its code (up to ~5 s, on the SDK thread) instead of succeeding and reporting an exception later (§4.4).
    const preview = { lChannel: req.channel, dwStreamType: req.streamType, dwLinkMode: req.linkMode, bBlocked: 1 };
    let handle: number;
    try {
      handle = await this.call<number>('startLive', userId, preview, cb);
    } catch (e) {
      koffi.unregister(cb);
      throw e;
    }
    this.hold(`live:${handle}`, cb);
    return handle;
  }

  async stopLive(handle: number): Promise<void> {
    try {
      await this.call('stopLive', handle);
    } finally {
      this.release(`live:${handle}`);
    }
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
    return this.call<number>('openSearch', userId, cond);
  }

  async nextFile(search: number): Promise<SearchStep> {
    const { r, out } = await this.call<{ r: number; out: Record<string, any> }>('nextFile', search);
    switch (r) {
      case FindResult.SUCCESS:
        return {
          status: 'file',
          file: { fileName: cstr(out.sFileName), fileSize: out.dwFileSize, start: fromSdkTime(out.struStartTime), stop: fromSdkTime(out.struStopTime) },
        };
      case FindResult.IS_FINDING: return { status: 'busy' };
      case FindResult.NO_FILE: return { status: 'none' };
      case FindResult.NO_MORE_FILE: return { status: 'end' };
      default: return { status: 'failed', code: r };
    }
  }

  async closeSearch(search: number): Promise<void> {
    await this.call('closeSearch', search);
  }

  async startPlayback(userId: number, range: TimeRange, onData: DataListener): Promise<number> {
    const vod = { struIDInfo: { dwChannel: range.channel }, struBeginTime: toSdkTime(range.start), struEndTime: toSdkTime(range.end) };
    const cb = this.dataCallback(fPlayDataCallBack_V40, onData);
    let handle: number;
    try {
      handle = await this.call<number>('startPlayback', userId, vod, cb);
    } catch (e) {
      koffi.unregister(cb); // the SDK thread stopped the handle (if any) before answering
      throw e;
    }
    this.hold(`play:${handle}`, cb);
    return handle;
  }

  async seekPlayback(handle: number, time: WallTime): Promise<void> {
    await this.call('seekPlayback', handle, toSdkTime(time));
  }

  playbackPosition(handle: number): Promise<number> {
    return this.call<number>('playbackPosition', handle);
  }

  async stopPlayback(handle: number): Promise<void> {
    try {
      await this.call('stopPlayback', handle);
    } finally {
      this.release(`play:${handle}`);
    }
  }

  async ptz(userId: number, channel: number, command: number, stop: boolean, speed: number): Promise<void> {
    await this.call('ptz', userId, channel, command, stop, speed);
  }

  registeredCallbacks(): number {
    let n = 0;
    for (const list of this.callbacks.values()) n += list.length;
    return n;
  }

  /** `NET_DVR_Cleanup` on the first SDK thread, then the threads end and every callback is released. */
  async cleanup(): Promise<void> {
    let failure: unknown;
    await this.threads.idle(); // never Cleanup while a call (a slow login) still runs on another SDK thread
    await this.threads.first.call('cleanup').catch((e: unknown) => (failure = toHikError(e)));
    await this.threads.close();
    for (const list of this.callbacks.values()) for (const cb of list) koffi.unregister(cb);
    this.callbacks.clear();
    if (this.exceptionCallback !== undefined) koffi.unregister(this.exceptionCallback);
    this.exceptionCallback = undefined;
    this.exceptionListeners.clear();
    if (failure) throw failure;
  }
}
