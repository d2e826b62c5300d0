import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from '@nvr-pusher/core/contracts';
import type { ServiceConfig } from '../config/schema.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { gauge } from '../metrics/service-metrics.js';
import type { NvrAccount, SchedulerHooks } from '../scheduler/scheduler-hooks.js';
import { ClusterHandles } from './cluster-handles.js';
import { ClusterStore, connectRedis } from './cluster-store.js';
import { Forwarder } from './forwarder.js';
import type { NodeRecord } from './keys.js';
import { LeaseBook } from './lease-book.js';
import { installRouting } from './routing.js';
import { OwnerCache } from './owner-cache.js';

/** What the cluster reads from the local scheduler. */
export interface LocalStreams {
  readonly upstreamCount: number;
  readonly handleCount: number;
  hasHandle(handle: number): boolean;
  accountsInUse(): NvrAccount[];
}

/**
 * This process as a node of a cluster coordinated through Redis (cluster.redisUrl set). It publishes its record,
 * handles and NVR leases every third of cluster.nodeTtlMs, hands the scheduler a cluster-wide handle allocator and
 * an ownership gate, and puts the forwarding layer in front of the API's handlers.
 */
export class ClusterNode {
  readonly id: string;
  readonly store: ClusterStore;
  readonly leases: LeaseBook;
  readonly handles: ClusterHandles;
  private readonly redis: Redis;
  private readonly intervalMs: number;
  private local?: LocalStreams;
  private url = '';
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private up = false;
  private wasUp = false;
  private draining = false;
  private view: NodeRecord[] = [];

  constructor(private readonly config: ServiceConfig, private readonly logger: Logger, private readonly metrics: MetricsRegistry) {
    const c = config.cluster;
    if (c.nodeTtlMs < 1000 || c.nodeTtlMs > config.heartbeat.timeoutMs)
      throw new Error(`cluster.nodeTtlMs: must lie between 1000 and heartbeat.timeoutMs (${config.heartbeat.timeoutMs}); a dead node's handles answer 605 after it`);
    this.id = c.nodeId || `${os.hostname()}-${process.pid}`;
    this.intervalMs = Math.floor(c.nodeTtlMs / 3);
    this.redis = connectRedis({ url: c.redisUrl, commandTimeoutMs: c.commandTimeoutMs, onState: (up) => this.redisState(up) });
    this.store = new ClusterStore(this.redis, c.keyPrefix, this.id, c.nodeTtlMs);
    // A lease outlives its last upstream until the login pool has logged out (login.graceMs) plus two refreshes.
    this.leases = new LeaseBook(this.store, c.nodeTtlMs, config.login.graceMs + 2 * this.intervalMs, logger);
    this.handles = new ClusterHandles(this.store);
    metrics.collect((r) => this.collect(r));
    if (config.rtmp.embedded) logger.warn('cluster mode with rtmp.embedded: every node publishes to its own embedded server; point rtmp.publishUrl at one media server (SRS) instead');
  }

  get hooks(): SchedulerHooks {
    return { handles: this.handles, gate: this.leases };
  }

  attach(local: LocalStreams): void {
    this.local = local;
  }

  /** Puts the forwarding layer in front of the endpoints' handlers. */
  install(app: FastifyInstance): void {
    installRouting(app, {
      nodeId: this.id, store: this.store, leases: this.leases,
      forwarder: new Forwarder(this.id, this.config.cluster.forwardTimeoutMs, this.metrics),
      owners: new OwnerCache(this.store, Math.min(1000, this.intervalMs)),
      hasHandle: (h) => this.local?.hasHandle(h) ?? false,
    });
    // Publish the new load at once after a stream started or stopped here (least-loaded placement reads it).
    app.addHook('onResponse', async (req) => {
      const url = req.routeOptions.url ?? '';
      if (url === '/REAL_STREAM' || url === '/BACK_STREAM' || url.endsWith('/STOP')) void this.tick();
    });
  }

  /** Starts publishing this node (the API listens at `listenUrl` by now). */
  async start(listenUrl: string): Promise<void> {
    this.url = (this.config.cluster.advertiseUrl || listenUrl).replace(/\/+$/, '');
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    // Register before the service says ready when Redis answers soon; else on the first connection.
    if (!this.up) await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.max(1000, this.config.cluster.commandTimeoutMs));
      this.redis.once('ready', () => { clearTimeout(t); resolve(); });
    });
    await this.tick();
    this.logger.info({ node: this.id, url: this.url, redis: this.up ? 'up' : 'down' }, 'cluster node started');
  }

  private redisState(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      this.logger.warn({ node: this.id }, 'Redis connection lost: running streams go on; requests that need the cluster state answer an error');
      return;
    }
    if (this.wasUp) {
      // Redis may have lost its data: every node re-registers within a refresh; until then no node takes NVRs it does not hold.
      this.leases.settleUntil = Date.now() + this.intervalMs + 2000;
      this.logger.info({ node: this.id }, 'Redis connection back: re-registering');
    }
    this.wasUp = true;
    if (this.url) void this.tick();
  }

  private record(): NodeRecord {
    return {
      id: this.id, url: this.url, streams: this.local?.upstreamCount ?? 0, handles: this.local?.handleCount ?? 0,
      maxStreams: this.config.stream.maxStreams, draining: this.draining,
    };
  }

  /** One refresh (never two at once): record, handles, leases; releases leases no longer used; reads the cluster view. */
  tick(): Promise<void> {
    this.ticking ??= this.refresh().finally(() => { this.ticking = undefined; });
    return this.ticking;
  }

  private async refresh(): Promise<void> {
    if (!this.up || !this.url) return;
    const at = Date.now();
    const { renew, release } = this.leases.renewable(this.local?.accountsInUse() ?? []);
    try {
      for (const id of release) await this.store.releaseLease(id);
      const answers = await this.store.refresh(this.record(), this.handles.local, renew, this.handles.floor);
      this.leases.confirmed(renew, answers, at);
      this.view = await this.store.nodes();
    } catch (e) {
      this.logger.warn({ node: this.id, err: e }, 'cluster refresh failed');
    }
  }

  /** SIGTERM: announce draining (no new NVRs are sent here) and refresh at once. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.tick().catch(() => undefined);
  }

  /** After the scheduler stopped: release what this node holds, leave the cluster, close Redis. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
    if (this.up) {
      await this.handles.settled();
      await Promise.all(this.leases.ids().map((id) => this.store.releaseLease(id).catch(() => undefined)));
      await this.store.unregister().catch(() => undefined);
      await this.redis.quit().catch(() => undefined);
    }
    this.redis.disconnect();
  }

  /** Per-node and cluster counts for /healthz. */
  health(): Record<string, unknown> {
    return {
      cluster: {
        node: this.id, url: this.url, redis: this.up ? 'up' : 'down', draining: this.draining, nvr_leases: this.leases.size,
        nodes: this.view.length,
        streams: this.view.reduce((n, r) => n + r.streams, 0),
        handles: this.view.reduce((n, r) => n + r.handles, 0),
      },
    };
  }

  private collect(r: MetricsRegistry): void {
    gauge(r, 'redisUp', { node: this.id }, this.up ? 1 : 0);
    gauge(r, 'clusterLeases', { node: this.id }, this.leases.size);
    gauge(r, 'clusterNodes', {}, this.view.length);
    gauge(r, 'clusterStreams', {}, this.view.reduce((n, v) => n + v.streams, 0));
    gauge(r, 'clusterHandles', {}, this.view.reduce((n, v) => n + v.handles, 0));
  }
}
