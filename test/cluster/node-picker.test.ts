import { describe, expect, it } from 'vitest';
import { pickNode } from '../../core/cluster/node-picker.js';
import type { NodeRecord } from '../../core/cluster/keys.js';

const node = (id: string, streams: number, extra: Partial<NodeRecord> = {}): NodeRecord =>
  ({ id, url: `http://${id}`, streams, handles: streams, maxStreams: 100, draining: false, ...extra });

describe('pickNode (placement of a new NVR)', () => {
  it('takes the lowest streams / maxStreams, not the lowest count', () => {
    expect(pickNode([node('a', 10), node('b', 30, { maxStreams: 500 }), node('c', 20)], 'a')!.id).toBe('b');
  });
  it('prefers the asking node on a tie (no hop)', () => {
    expect(pickNode([node('a', 5), node('b', 5), node('c', 5)], 'b')!.id).toBe('b');
    expect(pickNode([node('a', 5), node('b', 5)], 'z')!.id).toBe('a');
  });
  it('skips draining and full nodes; none left → undefined', () => {
    expect(pickNode([node('a', 0, { draining: true }), node('b', 100), node('c', 99)], 'a')!.id).toBe('c');
    expect(pickNode([node('a', 0, { draining: true }), node('b', 100)], 'a')).toBeUndefined();
    expect(pickNode([], 'a')).toBeUndefined();
  });
});
