/** The koffi-backed DhSdk: owns every registered callback (Map handle → callbacks; unregistered after Stop*). */
import koffi from 'koffi';
import { toWallParts, type WallTime } from '@nvr-pusher/core/contracts';
import { fDataCallBack, fDownLoadPosCallBack, fRealDataCallBackEx2 } from './callbacks.js';
import type { DhLib } from './lib.js';
import { SharedSdk } from './shared-sdk.js';
import { NET_RECORDFILE_INFO, type NetTime } from './structs.js';
import { DhSdkError, type DhConnectionEvents, type DhHandle, type DhLoginResult, type DhRecord, type DhSdk } from './types.js';

/** EM_REALDATA_FLAG bit 0x01: raw (DHAV) data, delivered with dwDataType 0. */
const REALDATA_FLAG_RAW = 0x01;
/** DH_RealPlayType: 0 main stream, 3 sub stream 1. */
const RTYPE_MAIN = 0;
const RTYPE_SUB1 = 3;
/** NET_RECORDFILE_INFO entries asked for per query; 196 bytes each. */
const MAX_RECORDS = 256;
const RECORD_QUERY_WAIT_MS = 5000;

type Registered = ReturnType<typeof koffi.register>;

const toNetTime = (t: WallTime): NetTime => {
  const p = toWallParts(t);
  return { dwYear: p.year, dwMonth: p.month, dwDay: p.day, dwHour: p.hour, dwMinute: p.minute, dwSecond: p.second };
};
const fromNetTime = (n: NetTime): WallTime => Date.UTC(n.dwYear, n.dwMonth - 1, n.dwDay, n.dwHour, n.dwMinute, n.dwSecond);
const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));

/** Copies `len` bytes at an SDK pointer before the callback returns (the SDK reuses its buffer). */
function copyOut(ptr: unknown, len: number): Uint8Array {
  if (!ptr || len <= 0) return new Uint8Array(0);
  return new Uint8Array(koffi.view(ptr as bigint, len)).slice();
}

export class KoffiDhSdk implements DhSdk {
  private readonly shared: SharedSdk;
  private readonly lib: DhLib;
  private readonly owned = new Map<DhHandle, Registered[]>();
  private events?: DhConnectionEvents;

  /** Loads the library (throws if it cannot be loaded). Instances on the same path share one SDK (shared-sdk.ts). */
  constructor(libraryPath: string, private readonly onCallbackError: (e: unknown) => void = () => {}) {
    this.shared = SharedSdk.for(libraryPath);
    this.lib = this.shared.lib;
  }

  get version(): number | undefined {
    return this.shared.version;
  }

  /** This instance's session callbacks plus the SDK-wide disconnect/reconnect ones. */
  get registeredCallbacks(): number {
    let n = this.shared.callbackCount;
    for (const list of this.owned.values()) n += list.length;
    return n;
  }

  init(events: DhConnectionEvents, opts: { connectTimeoutMs: number; connectTries: number; autoReconnect: boolean }): void {
    if (this.events) return;
    this.shared.acquire(events, opts, (fn) => this.guard(fn));
    this.events = events;
  }

  async login(addr: string, port: number, user: string, password: string): Promise<DhLoginResult> {
    const input = { dwSize: 216, szIP: addr, nPort: port, szUserName: user, szPassword: password, emSpecCap: 0, byReserved: [0, 0, 0, 0], pCapParam: null };
    const output: Record<string, any> = { dwSize: 240 };
    const handle = big(await this.lib.CLIENT_LoginWithHighLevelSecurity.async(input, output));
    if (handle === 0n) throw new DhSdkError('login', this.lastError(), output.nError as number);
    const info = output.stuDeviceInfo as { nChanNum: number; sSerialNumber: number[] };
    const serial = String.fromCharCode(...info.sSerialNumber.filter((c) => c !== 0));
    return { handle, channels: info.nChanNum, serial };
  }

  async logout(login: DhHandle): Promise<void> {
    if (!(await this.lib.CLIENT_Logout.async(login))) throw new DhSdkError('logout', this.lastError());
  }

  async startLive(login: DhHandle, channel: number, sub: boolean, onData: (bytes: Uint8Array) => void): Promise<DhHandle> {
    const play = big(this.lib.CLIENT_RealPlayEx(login, channel, null, sub ? RTYPE_SUB1 : RTYPE_MAIN));
    if (play === 0n) throw new DhSdkError('live play', this.lastError());
    const cb = koffi.register(
      (_h: unknown, type: number, buf: unknown, len: number) => this.guard(() => {
        if (type === 0) onData(copyOut(buf, len));
      }),
      koffi.pointer(fRealDataCallBackEx2),
    );
    this.owned.set(play, [cb]);
    if (!this.lib.CLIENT_SetRealDataCallBackEx2(play, cb, 0, REALDATA_FLAG_RAW)) {
      const code = this.lastError();
      await this.stopLive(play);
      throw new DhSdkError('set data callback', code);
    }
    return play;
  }

  async stopLive(play: DhHandle): Promise<void> {
    const ok = await this.lib.CLIENT_StopRealPlayEx.async(play);
    const code = ok ? 0 : this.lastError();
    this.release(play); // only after Stop returned: the SDK no longer calls it
    if (!ok) throw new DhSdkError('stop live', code);
  }

  async findRecords(login: DhHandle, channel: number, start: WallTime, end: WallTime): Promise<DhRecord[]> {
    const size = koffi.sizeof(NET_RECORDFILE_INFO);
    const buf = Buffer.alloc(size * MAX_RECORDS);
    const count = [0];
    const ok = await this.lib.CLIENT_QueryRecordFile.async(login, channel, 0, toNetTime(start), toNetTime(end), null, buf, buf.length, count, RECORD_QUERY_WAIT_MS, 0);
    if (!ok) throw new DhSdkError('record query', this.lastError());
    const n = Math.min(count[0] ?? 0, MAX_RECORDS);
    const out: DhRecord[] = [];
    for (let i = 0; i < n; i++) {
      const r = koffi.decode(buf, i * size, NET_RECORDFILE_INFO) as { ch: number; filename: string; size: number; starttime: NetTime; endtime: NetTime };
      out.push({ channel: r.ch, fileName: r.filename, sizeKb: r.size, start: fromNetTime(r.starttime), stop: fromNetTime(r.endtime) });
    }
    return out;
  }

  async startPlayback(login: DhHandle, channel: number, start: WallTime, end: WallTime, onData: (bytes: Uint8Array) => void, onEnd: () => void): Promise<DhHandle> {
    let ended = false;
    const pos = koffi.register(
      (_h: unknown, _total: number, done: number) => this.guard(() => {
        if (done === -1 && !ended) {
          ended = true;
          onEnd();
        }
      }),
      koffi.pointer(fDownLoadPosCallBack),
    );
    const data = koffi.register(
      (_h: unknown, type: number, buf: unknown, len: number) => {
        this.guard(() => {
          if (type === 0) onData(copyOut(buf, len));
        });
        return 1; // accept the data (flow control)
      },
      koffi.pointer(fDataCallBack),
    );
    const play = big(this.lib.CLIENT_PlayBackByTimeEx(login, channel, toNetTime(start), toNetTime(end), null, pos, 0, data, 0));
    if (play === 0n) {
      const code = this.lastError();
      koffi.unregister(pos);
      koffi.unregister(data);
      throw new DhSdkError('playback', code);
    }
    this.owned.set(play, [pos, data]);
    return play;
  }

  seekPlayback(play: DhHandle, time: WallTime): void {
    if (!this.lib.CLIENT_SeekPlayBackByTime(play, toNetTime(time))) throw new DhSdkError('seek', this.lastError());
  }

  async stopPlayback(play: DhHandle): Promise<void> {
    const ok = await this.lib.CLIENT_StopPlayBack.async(play);
    const code = ok ? 0 : this.lastError();
    this.release(play);
    if (!ok) throw new DhSdkError('stop playback', code);
  }

  ptz(login: DhHandle, channel: number, command: number, p1: number, p2: number, p3: number, stop: boolean): void {
    if (!this.lib.CLIENT_DHPTZControlEx2(login, channel, command, p1, p2, p3, stop ? 1 : 0, null)) throw new DhSdkError('ptz', this.lastError());
  }

  async cleanup(): Promise<void> {
    if (this.events) {
      const events = this.events;
      this.events = undefined;
      await this.shared.release(events);
    }
    for (const h of [...this.owned.keys()]) this.release(h); // sessions are closed by now (NvrSource.dispose contract)
  }

  private lastError(): number {
    return (this.lib.CLIENT_GetLastError() as number) >>> 0;
  }

  private release(h: DhHandle): void {
    for (const cb of this.owned.get(h) ?? []) koffi.unregister(cb);
    this.owned.delete(h);
  }

  /** An exception must never reach koffi (it would hand 0 to the SDK); report it instead. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      try {
        this.onCallbackError(e);
      } catch {
        /* nothing more to do inside an SDK callback */
      }
    }
  }
}

