import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { PusherError } from '@nvr-pusher/core/contracts';
import { LeaseBook } from '../../core/cluster/lease-book.js';
import { accountId } from '../../core/cluster/keys.js';
import type { ClusterStore } from '../../core/cluster/cluster-store.js';

const NVR = { category: 0, addr: '10.1.2.3', port: 8000, user: 'admin' };

/** A store that answers lease requests from a script (the real one is exercised against redis-server in cluster.test.ts). */
function setup(answers: Array<string | Error>) {
  let t = 1_000_000;
  const asked: string[] = [];
  const store = {
    async lease(id: string) {
      asked.push(id);
      const a = answers.shift() ?? 'ok';
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as ClusterStore;
  const book = new LeaseBook(store, 10_000, 5_000, pino({ level: 'silent' }), () => t);
  return { book, asked, advance: (ms: number) => { t += ms; }, now: () => t };
}

describe('LeaseBook (NVR ownership gate)', () => {
  it('takes the lease once, then admits from memory while Redis confirms it within the TTL', async () => {
    const { book, asked, advance, now } = setup(['ok']);
    await book.admit(NVR, 603);
    await book.admit(NVR, 603);
    expect(asked).toEqual([accountId(NVR)]);
    advance(9_000);
    expect(book.holds(NVR)).toBe(true);
    advance(2_000); // not confirmed for longer than the TTL: ask Redis again
    expect(book.holds(NVR)).toBe(false);
    const { renew } = book.renewable([NVR]);
    book.confirmed(renew, ['ok'], now());
    expect(book.holds(NVR)).toBe(true);
  });

  it('refuses with the endpoint\'s code naming the holder, and with a Redis error; never keys by password', async () => {
    const { book } = setup(['node-b', new Error('Connection is closed.')]);
    const e1 = await book.admit(NVR, 603).catch((e) => e as PusherError);
    expect(e1).toMatchObject({ code: 603, message: expect.stringContaining('node-b') });
    const e2 = await book.admit(NVR, 604).catch((e) => e as PusherError);
    expect(e2).toMatchObject({ code: 604, message: expect.stringMatching(/Redis: Connection is closed/) });
    expect(accountId({ ...NVR, password: 'secret' } as typeof NVR)).not.toContain('secret');
  });

  it('a lease found held by another node opens nothing new until taken again', async () => {
    const { book, now } = setup(['ok']);
    await book.admit(NVR, 603);
    book.confirmed([accountId(NVR)], ['node-c'], now());
    expect(book.holds(NVR)).toBe(false);
    book.confirmed([accountId(NVR)], ['ok'], now());
    expect(book.holds(NVR)).toBe(true);
  });

  it('releases a lease once its account has been unused for releaseAfterMs, keeps it while in use', async () => {
    const { book, advance } = setup(['ok']);
    await book.admit(NVR, 603);
    advance(4_000);
    expect(book.renewable([NVR])).toEqual({ renew: [accountId(NVR)], release: [] });
    advance(4_000);
    expect(book.renewable([])).toEqual({ renew: [accountId(NVR)], release: [] });
    advance(2_000);
    expect(book.renewable([])).toEqual({ renew: [], release: [accountId(NVR)] });
    expect(book.size).toBe(0);
  });

  it('takes no lease it does not hold while the cluster settles after a Redis restart', async () => {
    const { book, asked, now } = setup(['ok']);
    book.settleUntil = now() + 3_000;
    await expect(book.admit(NVR, 603)).rejects.toMatchObject({ code: 603, message: expect.stringMatching(/re-registering/) });
    expect(asked).toEqual([]);
  });
});
