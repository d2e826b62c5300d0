/**
 * A few `SdkThread`s on one library, so that one slow vendor call (a login to a silent device blocks its thread
 * for the connect timeout) does not hold up the calls for other devices. Each call runs on the least busy thread
 * and reads its vendor error there; the SDK's process-wide set-up (Init, Cleanup) goes to `first`. A thread that
 * is started later loads the library that is already initialised (the same dlopen handle).
 */
import { SdkThread } from './sdk-thread.js';

export class SdkThreadPool {
  private readonly threads: SdkThread[] = [];

  /** Starts one thread; more, up to `size`, when every running one is busy (threads cost memory and start-up). */
  constructor(private readonly entry: URL, private readonly workerData: unknown, private readonly name: string, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`${name}: SDK thread count must be a positive integer, got ${size}`);
    this.spawn();
  }

  private spawn(): SdkThread {
    const t = new SdkThread(this.entry, this.workerData, this.size > 1 ? `${this.name}-${this.threads.length}` : this.name);
    this.threads.push(t);
    return t;
  }

  /** The thread for process-wide set-up and teardown. */
  get first(): SdkThread {
    return this.threads[0]!;
  }

  /** Threads started so far. */
  get started(): number {
    return this.threads.length;
  }

  /** Runs `method` on an idle thread (a new one if all are busy and fewer than `size` run), else the least busy. */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    let best = this.threads[0]!;
    for (const t of this.threads) if (t.busy < best.busy) best = t;
    if (best.busy > 0 && this.threads.length < this.size) best = this.spawn();
    return best.call<T>(method, ...args);
  }

  /** Calls still running or queued, over all threads. */
  get busy(): number {
    return this.threads.reduce((n, t) => n + t.busy, 0);
  }

  /** Resolves once no thread has a call running or queued (e.g. before the SDK's process-wide cleanup). */
  async idle(): Promise<void> {
    while (this.busy > 0) await Promise.all(this.threads.map((t) => t.idle()));
  }

  /** Ends every thread once its queued calls have run. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
