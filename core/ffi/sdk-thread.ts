/**
 * One dedicated OS thread per vendor SDK (a worker thread that owns the library).
 *
 * Why: vendor SDKs keep their last error per thread (the real HCNetSDK's `NET_DVR_GetLastError` measurably does),
 * so a failed call's error must be read on the thread that made the call, right after it. koffi's `.async` runs a
 * call on a pool thread and any later `GetLastError` runs elsewhere (it reads 0). And a blocking call (a login to a
 * silent device takes the connect timeout) must never run on the event loop. So the worker makes every blocking
 * vendor call synchronously, reads the error itself and answers by message; the event loop only awaits.
 *
 * Callbacks: register them with `koffi.register()` on the main thread and hand the pointer (a bigint) to the
 * worker, which passes it to the vendor function. When the SDK invokes it from any other thread (its own, or the
 * worker's), koffi queues the call to the main thread's event loop — which is free, since the main thread never
 * waits for the worker — so data reaches the main thread without a message or an extra copy.
 *
 * The worker module calls `serveSdkThread(methods)` (sdk-thread-worker.ts). Methods run one at a time, in order.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VendorCallError, type Reply, type Request } from './sdk-thread-protocol.js';

/** Starts `entry` in a worker; a `.ts` entry (running from source) is loaded through tsx's ESM hooks. */
function startWorker(entry: URL, workerData: unknown, name: string): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, name });
  // tsx's ESM entry (the `import` condition of its `./esm/api` export), found from its package.json
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData, name });
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  method: string;
}

export class SdkThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;
  private idleWaiters: (() => void)[] = [];
  /** Resolves when the worker has exited. */
  readonly done: Promise<void>;

  /** `entry`: the worker module (`new URL('./x-thread.js', import.meta.url)`); `name`: for messages and tools. */
  constructor(entry: URL, workerData: unknown, readonly name: string) {
    this.worker = startWorker(entry, workerData, name);
    this.worker.unref(); // an idle SDK thread never keeps the process alive; a pending call does (see call)
    this.worker.on('message', (m: Reply) => this.settle(m));
    this.worker.on('error', (e) => this.fail(new Error(`${name} SDK thread failed: ${e.message}`)));
    this.done = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.fail(new Error(`${name} SDK thread exited (code ${code})`));
        resolve();
      });
    });
  }

  /** Runs `method` on the SDK thread; rejects with a `VendorCallError` when the vendor call failed. */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.worker.postMessage({ id, method, args } satisfies Request);
    });
  }

  /** Calls still running or queued on the SDK thread. */
  get busy(): number {
    return this.pending.size;
  }

  /** Resolves once no call is running or queued (at once if none is). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends the thread once the calls already queued have run (let the last one release the library). */
  async close(): Promise<void> {
    if (!this.exited) {
      this.worker.ref(); // until it has exited: an unref'd worker would let the process end mid-shutdown
      this.worker.postMessage({ id: 0, method: '', args: [] } satisfies Request);
    }
    await this.done;
  }

  private settle(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.becameIdle();
    if ('error' in m) {
      const e = m.error;
      p.reject(e.vendor ? new VendorCallError(e.vendor.fn, e.vendor.code, e.vendor.message, e.vendor.detail) : Object.assign(new Error(e.message), { name: e.name }));
    } else p.resolve(m.value);
  }

  private fail(e: Error): void {
    this.exited ??= e;
    for (const p of this.pending.values()) p.reject(new Error(`${e.message} during ${p.method}`));
    this.pending.clear();
    this.becameIdle();
  }

  private becameIdle(): void {
    this.worker.unref();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
