/** Heartbeat deadlines of play handles; one sweep finds the expired ones (no timer per handle). */
export class HeartbeatTable {
  private readonly deadlines = new Map<number, number>();

  constructor(private readonly timeoutMs: number, private readonly now: () => number) {}

  beat(handle: number): void {
    // delete + set keeps the map ordered by deadline (all deadlines use the same timeout)
    this.deadlines.delete(handle);
    this.deadlines.set(handle, this.now() + this.timeoutMs);
  }

  /** When `handle` last beat (or was opened), on this table's clock; undefined for an unknown handle. */
  lastBeat(handle: number): number | undefined {
    const d = this.deadlines.get(handle);
    return d === undefined ? undefined : d - this.timeoutMs;
  }

  remove(handle: number): void {
    this.deadlines.delete(handle);
  }

  /** Handles whose deadline passed, oldest first. */
  expired(): number[] {
    const t = this.now();
    const out: number[] = [];
    for (const [h, d] of this.deadlines) {
      if (d > t) break;
      out.push(h);
    }
    return out;
  }
}
