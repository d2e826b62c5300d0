import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginFailed, type NvrCredentials, type NvrLogin, type NvrSource } from '@nvr-pusher/core/contracts';
import { LoginPool } from '../../core/scheduler/login-pool.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const C: NvrCredentials = { category: 0, addr: '10.0.0.1', port: 8000, user: 'admin', password: 'pw-1' };
const never = new AbortController().signal;

function fakeSource(opts: { fail?: boolean; delayMs?: number } = {}) {
  const calls = { login: 0, logout: [] as string[] };
  let seq = 0;
  const source = {
    async login(): Promise<NvrLogin> {
      calls.login++;
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.fail) throw loginFailed({ vendor: 'Fake', vendorCode: 1, text: 'wrong user name or password' });
      return { id: `L${++seq}` };
    },
    async logout(l: NvrLogin) { calls.logout.push(l.id); },
    async openLive() { throw new Error('unused'); },
  } satisfies NvrSource;
  return { source, calls };
}

describe('LoginPool', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('one login per NVR account, shared and reference counted, logged out after the grace', async () => {
    vi.useFakeTimers();
    const pool = new LoginPool({ graceMs: 1000, backoffMs: 0, timeoutMs: 5000 }, silent);
    const { source, calls } = fakeSource();
    const [a, b] = await Promise.all([pool.acquire(source, C, never), pool.acquire(source, C, never)]);
    expect(calls.login).toBe(1);
    expect(a.login).toBe(b.login);
    a.release();
    a.release(); // idempotent
    b.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.logout).toEqual([]);
    const c = await pool.acquire(source, C, never); // reused within the grace
    expect(calls.login).toBe(1);
    c.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.logout).toEqual(['L1']);
    expect(pool.size).toBe(0);
  });

  it('another password or user is another login; the password never shows in the printable key', async () => {
    const pool = new LoginPool({ graceMs: 0, backoffMs: 0, timeoutMs: 5000 }, silent);
    const { source, calls } = fakeSource();
    const a = await pool.acquire(source, C, never);
    const b = await pool.acquire(source, { ...C, password: 'pw-2' }, never);
    expect(calls.login).toBe(2);
    expect(a.login).not.toBe(b.login);
    expect(LoginPool.keyOf(C).label).not.toContain('pw-1');
    expect(LoginPool.keyOf(C).key).not.toContain('pw-1');
  });

  it('answers a failed credential from the back-off window without calling the NVR, until it expires', async () => {
    let now = 0;
    const pool = new LoginPool({ graceMs: 0, backoffMs: 30_000, timeoutMs: 5000 }, silent, () => now);
    const { source, calls } = fakeSource({ fail: true });
    await expect(pool.acquire(source, C, never)).rejects.toMatchObject({ code: 606, vendorCode: 1 });
    now = 29_000;
    await expect(pool.acquire(source, C, never)).rejects.toThrow(/not retried for 1 s/);
    expect(calls.login).toBe(1);
    now = 30_001;
    await expect(pool.acquire(source, C, never)).rejects.toMatchObject({ code: 606 });
    expect(calls.login).toBe(2);
  });

  it('times out a login that never answers with 606', async () => {
    const pool = new LoginPool({ graceMs: 0, backoffMs: 0, timeoutMs: 50 }, silent);
    const source = { ...fakeSource().source, login: (_c: NvrCredentials, signal: AbortSignal) => new Promise<NvrLogin>((_, rej) => signal.addEventListener('abort', () => rej(signal.reason))) };
    await expect(pool.acquire(source, C, never)).rejects.toMatchObject({ code: 606, message: expect.stringMatching(/no answer from 10\.0\.0\.1:8000 within 50 ms/) });
  });

  it('relogin() drops a suspect login from the pool and logs it out when its last user leaves', async () => {
    const pool = new LoginPool({ graceMs: 60_000, backoffMs: 0, timeoutMs: 5000 }, silent);
    const { source, calls } = fakeSource();
    const a = await pool.acquire(source, C, never);
    const b = await pool.acquire(source, C, never);
    const fresh = await pool.relogin(a, source, C, never);
    expect(fresh.login.id).toBe('L2');
    expect(calls.logout).toEqual([]);
    b.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.logout).toEqual(['L1']);
    await pool.closeAll();
    expect(calls.logout).toEqual(['L1', 'L2']);
  });
});
