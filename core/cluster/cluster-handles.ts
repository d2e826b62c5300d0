import type { HandleAllocator } from '../scheduler/scheduler-hooks.js';
import type { ClusterStore } from './cluster-store.js';
import { redisTrouble } from './cluster-errors.js';

/**
 * play_handles allocated cluster-wide: one Redis counter (never reused: the counter only increases, and after Redis
 * lost its data each node raises it above the handles it carries), each handle recorded with its owner node.
 */
export class ClusterHandles implements HandleAllocator {
  /** The handles open on this node (re-written to Redis with every refresh). */
  readonly local = new Set<number>();
  /** Highest handle this node has seen. */
  floor = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly store: ClusterStore) {}

  async allocate(code: 603 | 604): Promise<number> {
    let h: number;
    try {
      h = await this.store.allocateHandle(this.floor);
    } catch (e) {
      throw redisTrouble(code, e);
    }
    this.floor = Math.max(this.floor, h);
    this.local.add(h);
    return h;
  }

  release(handle: number): void {
    if (!this.local.delete(handle)) return;
    // Best effort: a handle key left behind expires with the node's TTL and then answers 605 like a released one.
    const p = this.store.releaseHandle(handle).catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves once every release sent so far got its answer (or its command timeout). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
