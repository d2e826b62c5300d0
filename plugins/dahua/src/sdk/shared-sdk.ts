/**
 * The SDK is process-global: one CLIENT_Init, one disconnect and one reconnect callback per loaded library. A
 * second CLIENT_Init would replace the first one's callbacks. So every KoffiDhSdk on the same library path shares
 * this state: the first user initialises, connection events fan out to every user, the last one cleans up.
 */
import koffi from 'koffi';
import { fDisConnect, fHaveReConnect } from './callbacks.js';
import { loadDhLib, type DhLib } from './lib.js';
import { DhSdkError, type DhConnectionEvents } from './types.js';

type Registered = ReturnType<typeof koffi.register>;
const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));

export class SharedSdk {
  private static readonly byPath = new Map<string, SharedSdk>();
  static for(path: string): SharedSdk {
    let s = SharedSdk.byPath.get(path);
    if (!s) {
      s = new SharedSdk(loadDhLib(path));
      SharedSdk.byPath.set(path, s);
    }
    return s;
  }

  private readonly users = new Set<DhConnectionEvents>();
  private callbacks: Registered[] = [];
  version?: number;

  private constructor(readonly lib: DhLib) {}

  get callbackCount(): number {
    return this.callbacks.length;
  }

  /** Adds a user; the first one runs CLIENT_Init (+ connect time, auto-reconnect). */
  acquire(events: DhConnectionEvents, opts: { connectTimeoutMs: number; connectTries: number; autoReconnect: boolean }, guard: (fn: () => void) => void): void {
    if (this.users.size === 0) {
      const each = (fn: (u: DhConnectionEvents) => void) => guard(() => [...this.users].forEach((u) => guard(() => fn(u))));
      const disc = koffi.register((h: number | bigint) => each((u) => u.disconnected(big(h))), koffi.pointer(fDisConnect));
      this.callbacks.push(disc);
      if (!this.lib.CLIENT_Init(disc, 0)) {
        const code = (this.lib.CLIENT_GetLastError() as number) >>> 0;
        this.releaseCallbacks();
        throw new DhSdkError('init', code);
      }
      this.version = this.lib.CLIENT_GetSDKVersion() as number;
      this.lib.CLIENT_SetConnectTime(opts.connectTimeoutMs, opts.connectTries);
      if (opts.autoReconnect) {
        const re = koffi.register((h: number | bigint) => each((u) => u.reconnected(big(h))), koffi.pointer(fHaveReConnect));
        this.callbacks.push(re);
        this.lib.CLIENT_SetAutoReconnect(re, 0);
      }
    }
    this.users.add(events);
  }

  /** Removes a user; the last one runs CLIENT_Cleanup (async: it joins SDK threads) and frees the callbacks. */
  async release(events: DhConnectionEvents): Promise<void> {
    if (!this.users.delete(events) || this.users.size > 0) return;
    await this.lib.CLIENT_Cleanup.async();
    this.releaseCallbacks();
  }

  private releaseCallbacks(): void {
    for (const cb of this.callbacks) koffi.unregister(cb);
    this.callbacks = [];
  }
}
