/**
 * A few `SdkThread`s on one library, so that one slow vendor call (a login to a silent device blocks its thread
 * for the connect timeout) does not hold up the calls for other devices. Each call runs on the least busy thread
 * and reads its vendor error there; the SDK's process-wide set-up (Init, Cleanup) goes to `first`.
 */
import { SdkThread } from './sdk-thread.js';

export class SdkThreadPool {
  private readonly threads: SdkThread[];

  constructor(entry: URL, workerData: unknown, name: string, size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`${name}: SDK thread count must be a positive integer, got ${size}`);
    this.threads = Array.from({ length: size }, (_, i) => new SdkThread(entry, workerData, size > 1 ? `${name}-${i}` : name));
  }

  /** The thread for process-wide set-up and teardown. */
  get first(): SdkThread {
    return this.threads[0]!;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Runs `method` on the least busy thread (an idle one when there is one). */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    let best = this.threads[0]!;
    for (const t of this.threads) if (t.busy < best.busy) best = t;
    return best.call<T>(method, ...args);
  }

  /** Calls still running or queued, over all threads. */
  get busy(): number {
    return this.threads.reduce((n, t) => n + t.busy, 0);
  }

  /** Ends every thread once its queued calls have run. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
