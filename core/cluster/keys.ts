import type { NvrAccount } from '../scheduler/scheduler-hooks.js';

/** What a node publishes about itself in Redis (key `node:<id>`, expires after cluster.nodeTtlMs). */
export interface NodeRecord {
  readonly id: string;
  /** Where the other nodes reach this node's API. */
  readonly url: string;
  readonly streams: number;
  readonly handles: number;
  readonly maxStreams: number;
  readonly draining: boolean;
}

/** An NVR account's identity in Redis: category, address, port, user — never the password. */
export function accountId(a: NvrAccount): string {
  return JSON.stringify([a.category, a.addr.toLowerCase(), a.port, a.user]);
}

/** Every Redis key of one cluster, under one prefix. */
export class ClusterKeys {
  constructor(readonly prefix: string) {}
  /** Sorted set of node ids (score: last refresh), pruned of nodes whose record expired. */
  get nodes(): string { return `${this.prefix}nodes`; }
  get nodePrefix(): string { return `${this.prefix}node:`; }
  node(id: string): string { return `${this.nodePrefix}${id}`; }
  /** The play_handle counter: only ever increases. */
  get handleSeq(): string { return `${this.prefix}handle-seq`; }
  get handlePrefix(): string { return `${this.prefix}handle:`; }
  handle(h: number): string { return `${this.handlePrefix}${h}`; }
  /** NVR account → owner node (lease). */
  nvr(account: string): string { return `${this.prefix}nvr:${account}`; }
}
