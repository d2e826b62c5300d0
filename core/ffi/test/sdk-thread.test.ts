import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SdkThread, SdkThreadPool, VendorCallError } from '../index.js';

const ENTRY = new URL('./fixtures/echo-thread.ts', import.meta.url);
const release = (gate: Int32Array) => {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
};
const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(t: T): T => (open.push(t), t);
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

describe('SdkThread', () => {
  it('runs methods on its own thread and answers in order; values survive the trip (bigint included)', async () => {
    const t = track(new SdkThread(ENTRY, undefined, 'test'));
    const [a, b] = await Promise.all([t.call<any>('echo', 1, 2n, { x: 'y' }), t.call<any>('echo', 'second')]);
    expect(a.args).toEqual([1, 2n, { x: 'y' }]);
    expect(b.args).toEqual(['second']);
    expect(a.threadId).not.toBe(threadId);
    expect(t.busy).toBe(0);
  });

  it('brings a vendor failure back as a VendorCallError with its code, message and detail; other errors as errors', async () => {
    const t = track(new SdkThread(ENTRY, undefined, 'test'));
    const e = await t.call('fail', 7).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VendorCallError);
    expect(e).toMatchObject({ fn: 'VENDOR_Call', code: 7, sdkMessage: 'the vendor says no', detail: { attemptsLeft: 2 } });
    const e2 = (await t.call('broken').catch((x: unknown) => x)) as Error;
    expect([e2.name, e2.message]).toEqual(['TypeError', 'not a vendor failure']);
    await expect(t.call('nope')).rejects.toThrow(/unknown SDK thread method nope/);
  });

  it('keeps the event loop free while a call blocks its thread', async () => {
    const t = track(new SdkThread(ENTRY, undefined, 'test'));
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const blocked = t.call<number>('wait', gate.buffer);
    // timers keep firing while the SDK thread sits in the call
    while (Atomics.load(gate, 1) === 0) await new Promise((r) => setTimeout(r, 10));
    expect(t.busy).toBe(1);
    release(gate);
    expect(await blocked).not.toBe(threadId);
  });

  it('rejects the call that ends the thread, and every later one, naming the thread', async () => {
    const t = track(new SdkThread(ENTRY, undefined, 'test'));
    const exit = t.call('exit');
    const queued = t.call('echo');
    await expect(exit).rejects.toThrow(/test SDK thread exited \(code 3\) during exit/);
    await expect(queued).rejects.toThrow(/exited/);
    await expect(t.call('echo')).rejects.toThrow(/exited/);
  });
});

describe('SdkThreadPool', () => {
  it('starts a second thread for a call made while the first blocks, never more than its size', async () => {
    const pool = track(new SdkThreadPool(ENTRY, undefined, 'pool', 2));
    expect(pool.started).toBe(1);
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const blocked = pool.call<number>('wait', gate.buffer);
    const other = await pool.call<any>('echo'); // answered although the first thread is still blocked
    expect(Atomics.load(gate, 0)).toBe(0);
    let idle = false;
    const idling = pool.idle().then(() => (idle = true));
    await pool.call('echo');
    expect(idle).toBe(false); // the first thread is still in its call
    release(gate);
    await idling;
    expect(other.threadId).not.toBe(await blocked);
    expect(pool.started).toBe(2);
    await pool.call('echo');
    await pool.call('echo');
    expect(pool.started).toBe(2); // never beyond size
  });

  it('refuses a thread count that is not a positive integer, naming it', () => {
    expect(() => new SdkThreadPool(ENTRY, undefined, 'pool', 0)).toThrow(/pool: SDK thread count must be a positive integer, got 0/);
  });
});
