import { createHash } from 'node:crypto';
import { PusherError, StatusCode, type Logger, type NvrCredentials, type NvrLogin, type NvrSource } from '@nvr-pusher/core/contracts';
import { monotonicNow } from './clock.js';

export interface LoginPoolOptions {
  /** Keep an unused login this long before logout. */
  graceMs: number;
  /** Answer 606 from memory this long after a failed login with the same credentials. */
  backoffMs: number;
  /** Longest wait for a login. */
  timeoutMs: number;
}

interface Entry {
  readonly key: string;
  readonly label: string;
  readonly source: NvrSource;
  refs: number;
  login?: NvrLogin;
  pending?: Promise<NvrLogin>;
  graceTimer?: NodeJS.Timeout;
  /** Dropped from the pool (suspected dead): logged out as soon as its last user leaves. */
  invalid?: boolean;
}

interface Failure {
  error: PusherError;
  until: number;
}

/** A reference to a pooled login; release it exactly once. */
export interface LoginLease {
  readonly login: NvrLogin;
  release(): void;
}

/**
 * One SDK login per (category, addr, port, user, password), shared by every stream of that NVR and account,
 * reference counted, logged out `graceMs` after the last user left. The password takes part in
 * the key's equality (a digest) but never in its printed form. Failed logins are remembered for `backoffMs` so
 * that front ends retrying a wrong password cannot lock the NVR account (Hikvision locks after a few attempts,
 * Dahua for ~30 min).
 */
export class LoginPool {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, Failure>();
  private readonly leases = new WeakMap<LoginLease, Entry>();

  constructor(
    private readonly opts: LoginPoolOptions,
    private readonly logger: Logger,
    private readonly now: () => number = monotonicNow,
    private readonly events: { onLogin?(category: number): void; onFailure?(category: number): void } = {},
  ) {}

  static keyOf(c: NvrCredentials): { key: string; label: string } {
    const digest = createHash('sha256').update(c.password).digest('hex').slice(0, 16);
    const label = `${c.category}:${c.user}@${c.addr}:${c.port}`;
    return { key: `${label}#${digest}`, label };
  }

  /** Number of live logins (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Read-only view of the pooled logins (printed form `category:user@addr:port`, never the password). */
  list(): Array<{ login: string; users: number; state: 'logging-in' | 'in-use' | 'grace' }> {
    return [...this.entries.values()].map((e) => ({
      login: e.label, users: e.refs, state: !e.login ? 'logging-in' : e.refs > 0 ? 'in-use' : 'grace',
    }));
  }

  async acquire(source: NvrSource, c: NvrCredentials, signal: AbortSignal): Promise<LoginLease> {
    const { key, label } = LoginPool.keyOf(c);
    const failed = this.failures.get(key);
    if (failed && failed.until > this.now()) {
      const left = Math.ceil((failed.until - this.now()) / 1000);
      throw new PusherError(StatusCode.ERR_NVR_LOGIN, `${failed.error.message}; not retried for ${left} s to protect the account from lockout`, {
        vendor: failed.error.vendor, vendorCode: failed.error.vendorCode,
      });
    }
    this.failures.delete(key);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, label, source, refs: 0 };
      this.entries.set(key, entry);
    }
    entry.refs++;
    if (entry.graceTimer) {
      clearTimeout(entry.graceTimer);
      entry.graceTimer = undefined;
    }
    try {
      const login = entry.login ?? (await (entry.pending ??= this.login(entry, c)));
      signal.throwIfAborted();
      return this.lease(entry, login);
    } catch (e) {
      this.unref(entry);
      throw e;
    }
  }

  private async login(entry: Entry, c: NvrCredentials): Promise<NvrLogin> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new PusherError(StatusCode.ERR_NVR_LOGIN, `NVR login failed: no answer from ${c.addr}:${c.port} within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    // Yield first, so the entry's pending promise is recorded before the plugin runs: a login() that throws
    // synchronously must not settle before `entry.pending` is set (it would stay there, stale, forever).
    await Promise.resolve();
    try {
      // A plugin that ignores the signal still cannot hang the request: race the timeout; a late login is logged out.
      const attempt = (async () => entry.source.login(c, ac.signal))();
      const aborted = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }));
      attempt.then((late) => {
        if (ac.signal.aborted) void entry.source.logout(late).catch(() => undefined);
      }, () => undefined);
      const login = await Promise.race([attempt, aborted]);
      entry.login = login;
      this.events.onLogin?.(c.category);
      this.logger.info({ login: entry.label, id: login.id }, 'NVR login');
      return login;
    } catch (e) {
      const err = e instanceof PusherError ? e : new PusherError(StatusCode.ERR_NVR_LOGIN, `NVR login failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      this.events.onFailure?.(c.category);
      if (this.opts.backoffMs > 0) this.failures.set(entry.key, { error: err, until: this.now() + this.opts.backoffMs });
      this.logger.warn({ login: entry.label, code: err.vendorCode }, err.message);
      throw err;
    } finally {
      clearTimeout(timer);
      entry.pending = undefined;
    }
  }

  private lease(entry: Entry, login: NvrLogin): LoginLease {
    let released = false;
    const lease: LoginLease = {
      login,
      release: () => {
        if (released) return;
        released = true;
        this.unref(entry);
      },
    };
    this.leases.set(lease, entry);
    return lease;
  }

  /**
   * The login behind `lease` may be dead (NVR rebooted): new requests get a fresh login; the old one is logged
   * out once its last user released it. Returns a lease on a fresh login and releases `lease`.
   */
  async relogin(lease: LoginLease, source: NvrSource, c: NvrCredentials, signal: AbortSignal): Promise<LoginLease> {
    const entry = this.leases.get(lease);
    if (entry && this.entries.get(entry.key) === entry) {
      this.entries.delete(entry.key);
      entry.invalid = true;
    }
    lease.release();
    return this.acquire(source, c, signal);
  }

  private unref(entry: Entry): void {
    entry.refs--;
    if (entry.refs > 0) return;
    if (!entry.login) {
      if (!entry.pending && this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
      return;
    }
    if (entry.invalid) {
      void this.logout(entry);
      return;
    }
    entry.graceTimer = setTimeout(() => void this.logout(entry), this.opts.graceMs);
    entry.graceTimer.unref?.();
  }

  private async logout(entry: Entry): Promise<void> {
    if (entry.refs > 0) return;
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    else if (!entry.invalid) return;
    const login = entry.login!;
    try {
      await entry.source.logout(login);
      this.logger.info({ login: entry.label, id: login.id }, 'NVR logout');
    } catch (e) {
      this.logger.warn({ login: entry.label, err: e }, 'NVR logout failed');
    }
  }

  /** Logs out everything now (shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    for (const e of all) if (e.graceTimer) clearTimeout(e.graceTimer);
    await Promise.all(all.filter((e) => e.login).map((e) => { e.refs = 0; return this.logout(e); }));
    this.entries.clear();
  }
}
