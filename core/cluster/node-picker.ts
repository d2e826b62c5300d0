import type { NodeRecord } from './keys.js';

/**
 * Where a new NVR goes: the live, non-draining node with the lowest load (streams / stream.maxStreams) that still
 * has room; on a tie, this node (no forwarding hop). Undefined when every node is full or draining.
 */
export function pickNode(nodes: readonly NodeRecord[], self: string): NodeRecord | undefined {
  let best: NodeRecord | undefined;
  let bestLoad = Infinity;
  for (const n of nodes) {
    if (n.draining || n.streams >= n.maxStreams) continue;
    const load = n.streams / Math.max(1, n.maxStreams);
    if (load < bestLoad || (load === bestLoad && n.id === self)) {
      best = n;
      bestLoad = load;
    }
  }
  return best;
}
