/**
 * The SDK is process-global: one CLIENT_Init, one disconnect and one reconnect callback per loaded library. A
 * second CLIENT_Init would replace the first one's callbacks. So every KoffiDhSdk on the same library path shares
 * this state: the SDK threads (`dh-sdk-thread.ts`, where every CLIENT_* call runs and its error is read), the
 * first user initialises, connection events fan out to every user, the last one cleans up.
 */
import koffi from 'koffi';
import { SdkThreadPool, VendorCallError } from '@nvr-pusher/core/ffi';
import { fDisConnect, fHaveReConnect } from './callbacks.js';
import { DhSdkError, type DhConnectionEvents } from './types.js';

type Registered = ReturnType<typeof koffi.register>;
const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));

export interface DhInitOptions {
  connectTimeoutMs: number;
  connectTries: number;
  autoReconnect: boolean;
  /** SDK threads (default 1): a login to a silent device holds one for the connect timeout. */
  threads?: number;
}

/** A failure from the SDK thread as the plugin's DhSdkError (other errors unchanged). */
export function toDhError(e: unknown): unknown {
  if (!(e instanceof VendorCallError)) return e;
  return new DhSdkError(e.fn, e.code, e.detail?.loginError as number | undefined);
}

export class SharedSdk {
  private static readonly byPath = new Map<string, SharedSdk>();
  static for(path: string): SharedSdk {
    let s = SharedSdk.byPath.get(path);
    if (!s) {
      s = new SharedSdk(path);
      SharedSdk.byPath.set(path, s);
    }
    return s;
  }

  private readonly users = new Set<DhConnectionEvents>();
  private callbacks: Registered[] = [];
  private threads: SdkThreadPool | undefined;
  private starting: Promise<void> | undefined;
  version?: number;

  private constructor(readonly path: string) {}

  get callbackCount(): number {
    return this.callbacks.length;
  }

  /** Runs `method` on an SDK thread; vendor failures become DhSdkErrors. */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.threads) return Promise.reject(new Error('Dahua SDK not initialised'));
    return this.threads.call<T>(method, ...args).catch((e: unknown) => Promise.reject(toDhError(e)));
  }

  /** Adds a user; the first one starts the SDK threads and runs CLIENT_Init (+ connect time, auto-reconnect). */
  async acquire(events: DhConnectionEvents, opts: DhInitOptions, guard: (fn: () => void) => void): Promise<void> {
    this.users.add(events);
    this.starting ??= this.start(opts, guard).catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    try {
      await this.starting;
    } catch (e) {
      this.users.delete(events);
      throw e;
    }
  }

  private async start(opts: DhInitOptions, guard: (fn: () => void) => void): Promise<void> {
    const each = (fn: (u: DhConnectionEvents) => void) => guard(() => [...this.users].forEach((u) => guard(() => fn(u))));
    const disc = koffi.register((h: number | bigint) => each((u) => u.disconnected(big(h))), koffi.pointer(fDisConnect));
    this.callbacks.push(disc);
    let re: Registered | null = null;
    if (opts.autoReconnect) {
      re = koffi.register((h: number | bigint) => each((u) => u.reconnected(big(h))), koffi.pointer(fHaveReConnect));
      this.callbacks.push(re);
    }
    const entry = new URL(`./dh-sdk-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
    const threads = new SdkThreadPool(entry, { path: this.path }, 'dahua', opts.threads ?? 1);
    try {
      const { version } = await threads.first.call<{ version: number }>('init', disc, re, opts);
      this.version = version;
      this.threads = threads;
    } catch (e) {
      await threads.close();
      this.releaseCallbacks();
      throw toDhError(e);
    }
  }

  /** Removes a user; the last one runs CLIENT_Cleanup (on an SDK thread), ends the threads, frees the callbacks. */
  async release(events: DhConnectionEvents): Promise<void> {
    if (!this.users.delete(events) || this.users.size > 0) return;
    await this.starting?.catch(() => undefined);
    const threads = this.threads;
    this.threads = undefined;
    this.starting = undefined;
    if (threads) {
      await threads.idle(); // never Cleanup while a call still runs on another SDK thread
      await threads.first.call('cleanup').catch(() => undefined);
      await threads.close();
    }
    this.releaseCallbacks();
  }

  private releaseCallbacks(): void {
    for (const cb of this.callbacks) koffi.unregister(cb);
    this.callbacks = [];
  }
}
