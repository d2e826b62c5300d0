import { describe, expect, it } from 'vitest';
import { BoundedInput } from '../src/bounded-input.js';

describe('BoundedInput', () => {
  it('queues up to maxBytes while nobody reads, then refuses', () => {
    const input = new BoundedInput(100);
    expect(input.offer(new Uint8Array(60))).toBe(true);
    expect(input.offer(new Uint8Array(40))).toBe(true);
    expect(input.offer(new Uint8Array(1))).toBe(false);
    expect(input.bufferedBytes).toBe(100);
  });

  it('accepts again once the reader drained it, and refuses after finish()', async () => {
    const input = new BoundedInput(10);
    const got: Buffer[] = [];
    input.offer(new Uint8Array(10));
    input.on('data', (d: Buffer) => got.push(d));
    await new Promise((r) => setImmediate(r));
    expect(input.bufferedBytes).toBe(0);
    expect(input.offer(new Uint8Array(10))).toBe(true);
    input.finish();
    expect(input.offer(new Uint8Array(1))).toBe(false);
    await new Promise((r) => input.once('end', r));
    expect(got.reduce((n, b) => n + b.length, 0)).toBe(20);
  });
});
