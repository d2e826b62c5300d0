/**
 * The koffi-backed DhSdk. Every CLIENT_* call runs on an SDK thread (`SharedSdk` → `dh-sdk-thread.ts`), where
 * its last error is read; the event loop only awaits. Data callbacks are registered here, on the main thread, and
 * run here (koffi queues the SDK threads' calls to the event loop). Owns every registered callback (Map handle →
 * callbacks; unregistered after Stop*).
 */
import koffi from 'koffi';
import { toWallParts, type WallTime } from '@nvr-pusher/core/contracts';
import { fDataCallBack, fDownLoadPosCallBack, fRealDataCallBackEx2 } from './callbacks.js';
import { SharedSdk, type DhInitOptions } from './shared-sdk.js';
import type { NetTime } from './structs.js';
import type { DhConnectionEvents, DhHandle, DhLoginResult, DhRecord, DhSdk } from './types.js';

/** DH_RealPlayType: 0 main stream, 3 sub stream 1. */
const RTYPE_MAIN = 0;
const RTYPE_SUB1 = 3;

type Registered = ReturnType<typeof koffi.register>;

const toNetTime = (t: WallTime): NetTime => {
  const p = toWallParts(t);
  return { dwYear: p.year, dwMonth: p.month, dwDay: p.day, dwHour: p.hour, dwMinute: p.minute, dwSecond: p.second };
};
const fromNetTime = (n: NetTime): WallTime => Date.UTC(n.dwYear, n.dwMonth - 1, n.dwDay, n.dwHour, n.dwMinute, n.dwSecond);

/** Copies `len` bytes at an SDK pointer before the callback returns (the SDK reuses its buffer). */
function copyOut(ptr: unknown, len: number): Uint8Array {
  if (!ptr || len <= 0) return new Uint8Array(0);
  return new Uint8Array(koffi.view(ptr as bigint, len)).slice();
}

export class KoffiDhSdk implements DhSdk {
  private readonly shared: SharedSdk;
  private readonly owned = new Map<DhHandle, Registered[]>();
  private events?: DhConnectionEvents;

  /** Checks the library loads (throws if not). Instances on the same path share one SDK (shared-sdk.ts). */
  constructor(libraryPath: string, private readonly onCallbackError: (e: unknown) => void = () => {}) {
    koffi.load(libraryPath); // fail here, naming the path; the SDK threads load it again (same handle)
    this.shared = SharedSdk.for(libraryPath);
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

  async init(events: DhConnectionEvents, opts: DhInitOptions): Promise<void> {
    if (this.events) return;
    await this.shared.acquire(events, opts, (fn) => this.guard(fn));
    this.events = events;
  }

  async login(addr: string, port: number, user: string, password: string): Promise<DhLoginResult> {
    const input = { dwSize: 216, szIP: addr, nPort: port, szUserName: user, szPassword: password, emSpecCap: 0, byReserved: [0, 0, 0, 0], pCapParam: null };
    const r = await this.shared.call<{ handle: bigint; channels: number; serial: number[] }>('login', input);
    return { handle: r.handle, channels: r.channels, serial: String.fromCharCode(...r.serial.filter((c) => c !== 0)) };
  }

  async logout(login: DhHandle): Promise<void> {
    await this.shared.call('logout', login);
  }

  async startLive(login: DhHandle, channel: number, sub: boolean, onData: (bytes: Uint8Array) => void): Promise<DhHandle> {
    const cb = koffi.register(
      (_h: unknown, type: number, buf: unknown, len: number) => this.guard(() => {
        if (type === 0) onData(copyOut(buf, len));
      }),
      koffi.pointer(fRealDataCallBackEx2),
    );
    let play: DhHandle;
    try {
      play = await this.shared.call<DhHandle>('startLive', login, channel, sub ? RTYPE_SUB1 : RTYPE_MAIN, cb);
    } catch (e) {
      koffi.unregister(cb); // the SDK thread stopped the play (if any) before answering
      throw e;
    }
    this.owned.set(play, [cb]);
    return play;
  }

  async stopLive(play: DhHandle): Promise<void> {
    try {
      await this.shared.call('stopLive', play);
    } finally {
      this.release(play); // only after Stop returned: the SDK no longer calls it
    }
  }

  async findRecords(login: DhHandle, channel: number, start: WallTime, end: WallTime): Promise<DhRecord[]> {
    type Raw = { ch: number; filename: string; size: number; starttime: NetTime; endtime: NetTime };
    const raw = await this.shared.call<Raw[]>('findRecords', login, channel, toNetTime(start), toNetTime(end));
    return raw.map((r) => ({ channel: r.ch, fileName: r.filename, sizeKb: r.size, start: fromNetTime(r.starttime), stop: fromNetTime(r.endtime) }));
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
    let play: DhHandle;
    try {
      play = await this.shared.call<DhHandle>('startPlayback', login, channel, toNetTime(start), toNetTime(end), pos, data);
    } catch (e) {
      koffi.unregister(pos);
      koffi.unregister(data);
      throw e;
    }
    this.owned.set(play, [pos, data]);
    return play;
  }

  async seekPlayback(play: DhHandle, time: WallTime): Promise<void> {
    await this.shared.call('seekPlayback', play, toNetTime(time));
  }

  async stopPlayback(play: DhHandle): Promise<void> {
    try {
      await this.shared.call('stopPlayback', play);
    } finally {
      this.release(play);
    }
  }

  async ptz(login: DhHandle, channel: number, command: number, p1: number, p2: number, p3: number, stop: boolean): Promise<void> {
    await this.shared.call('ptz', login, channel, command, p1, p2, p3, stop);
  }

  async cleanup(): Promise<void> {
    if (this.events) {
      const events = this.events;
      this.events = undefined;
      await this.shared.release(events);
    }
    for (const h of [...this.owned.keys()]) this.release(h); // sessions are closed by now (NvrSource.dispose contract)
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
