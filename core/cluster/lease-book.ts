import { PusherError, type Logger } from '@nvr-pusher/core/contracts';
import type { NvrAccount, UpstreamGate } from '../scheduler/scheduler-hooks.js';
import type { ClusterStore } from './cluster-store.js';
import { accountId } from './keys.js';
import { redisTrouble } from './cluster-errors.js';

const label = (a: NvrAccount) => `${a.category}:${a.user}@${a.addr}:${a.port}`;

interface Lease {
  /** Last time Redis confirmed this node holds it. */
  confirmedAt: number;
  /** Last time an upstream of this account ran here. */
  usedAt: number;
  lost?: string;
}

/**
 * The NVR accounts this node owns (one login and every upstream of an account live on its owner). A lease is taken
 * with SET NX PX before the first upstream opens, renewed with the node's refresh while upstreams run, and released
 * once the account's login has had time to log out (`login.graceMs`). A lease Redis has not confirmed within the
 * TTL, or found held by another node, opens no new upstream until it is taken again.
 */
export class LeaseBook implements UpstreamGate {
  private readonly leases = new Map<string, Lease>();
  /** Until then, leases not held are not taken (the cluster is re-registering after Redis lost its data). */
  settleUntil = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly ttlMs: number,
    private readonly releaseAfterMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while Redis confirmed within the TTL that this node owns the account. */
  holds(account: NvrAccount): boolean {
    const l = this.leases.get(accountId(account));
    return !!l && !l.lost && this.now() - l.confirmedAt < this.ttlMs;
  }

  async admit(account: NvrAccount, code: 603 | 604): Promise<void> {
    const holder = await this.claim(account, code);
    if (holder !== 'ok') throw new PusherError(code, `NVR ${label(account)} is carried by cluster node ${holder}; ask again (requests for it go there)`);
  }

  /** Takes the lease unless held: 'ok' when this node holds it now, else the holder's id. */
  async claim(account: NvrAccount, code: number): Promise<string> {
    if (this.holds(account)) return 'ok';
    if (this.now() < this.settleUntil)
      throw new PusherError(code as 603, `the cluster is re-registering after a Redis restart; NVR ${label(account)} cannot be taken by a node for a few seconds, retry`);
    const id = accountId(account);
    let answer: string;
    try {
      answer = await this.store.lease(id);
    } catch (e) {
      throw redisTrouble(code, e);
    }
    if (answer !== 'ok') return answer;
    const t = this.now();
    this.leases.set(id, { confirmedAt: t, usedAt: t });
    return 'ok';
  }

  /** Accounts to renew with the next refresh: in use, or released less than `releaseAfterMs` ago. Drops the rest. */
  renewable(inUse: readonly NvrAccount[]): { renew: string[]; release: string[] } {
    const t = this.now();
    for (const a of inUse) {
      const id = accountId(a);
      const l = this.leases.get(id);
      if (l) l.usedAt = t;
      else this.leases.set(id, { confirmedAt: 0, usedAt: t }); // re-take after a loss
    }
    const release: string[] = [];
    for (const [id, l] of this.leases) {
      if (t - l.usedAt > this.releaseAfterMs) {
        this.leases.delete(id);
        if (!l.lost) release.push(id);
      }
    }
    return { renew: [...this.leases.keys()], release };
  }

  /** Applies the refresh's answers ('ok' or the holder) to the renewed ids. */
  confirmed(ids: readonly string[], answers: readonly string[], at: number): void {
    ids.forEach((id, i) => {
      const l = this.leases.get(id);
      if (!l) return;
      if (answers[i] === 'ok') {
        if (l.lost) this.logger.info({ nvr: id }, 'NVR lease taken again');
        l.lost = undefined;
        l.confirmedAt = at;
      } else if (l.lost !== answers[i]) {
        l.lost = answers[i];
        this.logger.warn({ nvr: id, holder: answers[i] }, 'NVR lease held by another node: no new upstreams for it here until it is free');
      }
    });
  }

  get size(): number {
    return this.leases.size;
  }

  ids(): string[] {
    return [...this.leases.keys()];
  }
}
