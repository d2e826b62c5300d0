import type { ClusterStore } from './cluster-store.js';
import type { NodeRecord } from './keys.js';

const MAX_HANDLES = 50_000;

/**
 * What a node remembers to forward without asking Redis each time: a handle's owner (it never changes: handles do
 * not move between nodes) and node records, re-read after `recordMs` so a dead node is noticed within
 * cluster.nodeTtlMs + recordMs. Bounded: the oldest handles are forgotten first.
 */
export class OwnerCache {
  private readonly owners = new Map<number, string>();
  private readonly records = new Map<string, { record?: NodeRecord; at: number }>();

  constructor(private readonly store: ClusterStore, private readonly recordMs: number, private readonly now: () => number = Date.now) {}

  async handleOwner(handle: number): Promise<string | null> {
    const cached = this.owners.get(handle);
    if (cached) return cached;
    const owner = await this.store.handleOwner(handle);
    if (owner) {
      this.owners.set(handle, owner);
      if (this.owners.size > MAX_HANDLES) this.owners.delete(this.owners.keys().next().value!);
    }
    return owner;
  }

  forgetHandle(handle: number): void {
    this.owners.delete(handle);
  }

  async node(id: string): Promise<NodeRecord | undefined> {
    const c = this.records.get(id);
    if (c && this.now() - c.at < this.recordMs) return c.record;
    const record = await this.store.node(id);
    this.records.set(id, { record, at: this.now() });
    if (!record) this.records.delete(id);
    return record;
  }
}
