import { Redis } from 'ioredis';
import { ClusterKeys, type NodeRecord } from './keys.js';
import { SCRIPTS, type ScriptName } from './scripts.js';

type Scripted = { [K in ScriptName]: (...args: (string | number)[]) => Promise<unknown> };

export interface RedisOptions {
  url: string;
  commandTimeoutMs: number;
  onState(up: boolean): void;
}

/** A Redis client that never hangs a request: no offline queue, a timeout per command, reconnection forever with back-off. */
export function connectRedis(o: RedisOptions): Redis {
  const redis = new Redis(o.url, {
    enableOfflineQueue: false,
    commandTimeout: o.commandTimeoutMs,
    connectTimeout: Math.max(1000, o.commandTimeoutMs),
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    lazyConnect: false,
  });
  for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: s.numberOfKeys, lua: s.lua });
  redis.on('ready', () => o.onState(true));
  redis.on('close', () => o.onState(false));
  redis.on('error', () => undefined); // reported through onState; ioredis reconnects by itself
  return redis;
}

/**
 * The cluster's shared state in Redis: node records, play_handles and their owners, NVR account leases. Every
 * entry a node writes expires after `ttlMs` unless the node refreshes it, so a dead node's state goes by itself.
 */
export class ClusterStore {
  readonly keys: ClusterKeys;

  constructor(readonly redis: Redis, prefix: string, readonly nodeId: string, readonly ttlMs: number) {
    this.keys = new ClusterKeys(prefix);
  }

  private get scripts(): Scripted {
    return this.redis as unknown as Scripted;
  }

  /**
   * One round trip: this node's record, its handles and its NVR leases, written again with a fresh TTL (which is
   * also how a node re-registers after Redis lost its data). Answers, per lease, 'ok' or the node holding it.
   */
  async refresh(record: NodeRecord, handles: Iterable<number>, leases: readonly string[], handleFloor: number): Promise<string[]> {
    const k = this.keys;
    const p = this.redis.pipeline();
    p.set(k.node(this.nodeId), JSON.stringify(record), 'PX', this.ttlMs);
    p.zadd(k.nodes, Date.now(), this.nodeId);
    (p as unknown as Scripted).raiseSeq(k.handleSeq, handleFloor);
    for (const h of handles) p.set(k.handle(h), this.nodeId, 'PX', this.ttlMs);
    for (const a of leases) (p as unknown as Scripted).leaseNvr(k.nvr(a), k.nodePrefix, this.nodeId, this.ttlMs);
    const results = (await p.exec()) ?? [];
    const failed = results.find(([e]) => e);
    if (failed) throw failed[0];
    return results.slice(results.length - leases.length).map(([, v]) => String(v));
  }

  async allocateHandle(floor: number): Promise<number> {
    return Number(await this.scripts.allocateHandle(this.keys.handleSeq, this.keys.handlePrefix, this.nodeId, this.ttlMs, floor));
  }

  async releaseHandle(h: number): Promise<void> {
    await this.scripts.releaseIfOwner(this.keys.handle(h), this.nodeId);
  }

  handleOwner(h: number): Promise<string | null> {
    return this.redis.get(this.keys.handle(h));
  }

  /** 'ok' when this node now holds the lease, else the holder's id. */
  async lease(account: string): Promise<string> {
    return String(await this.scripts.leaseNvr(this.keys.nvr(account), this.keys.nodePrefix, this.nodeId, this.ttlMs));
  }

  leaseOwner(account: string): Promise<string | null> {
    return this.redis.get(this.keys.nvr(account));
  }

  async releaseLease(account: string): Promise<void> {
    await this.scripts.releaseIfOwner(this.keys.nvr(account), this.nodeId);
  }

  async node(id: string): Promise<NodeRecord | undefined> {
    const v = await this.redis.get(this.keys.node(id));
    return v ? (JSON.parse(v) as NodeRecord) : undefined;
  }

  /** The live nodes; ids whose record expired are pruned from the set. */
  async nodes(): Promise<NodeRecord[]> {
    const ids = await this.redis.zrange(this.keys.nodes, "0", "-1");
    if (!ids.length) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.node(id)));
    const dead = ids.filter((_, i) => !values[i]);
    if (dead.length) await this.redis.zrem(this.keys.nodes, ...dead);
    return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as NodeRecord);
  }

  async unregister(): Promise<void> {
    await this.redis.multi().del(this.keys.node(this.nodeId)).zrem(this.keys.nodes, this.nodeId).exec();
  }
}
