import { inject, injectable } from 'tsyringe';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { TOKENS } from './contracts/tokens.js';
import type { ServiceConfig } from './config/schema.js';
import { buildApi } from './api/build-api.js';
import { httpFlvBase } from './config/http-flv-url.js';
import type { EmbeddedRtmp } from './embedded-rtmp.js';
import type { SecretRegistry } from './logging/secrets.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import type { TaskScheduler } from './scheduler/task-scheduler.js';
import type { MetricsRegistry } from './metrics/metrics-registry.js';
import type { ClusterNode } from './cluster/cluster-node.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** One running pusher: API + scheduler + plugins (+ embedded RTMP server). */
@injectable()
export class Service {
  app!: FastifyInstance;
  private sweep?: NodeJS.Timeout;
  private ready = false;
  private draining = false;
  private closing?: Promise<void>;

  constructor(
    @inject(TOKENS.Config) readonly config: ServiceConfig,
    @inject(TOKENS.Logger) readonly logger: pino.Logger,
    @inject(TOKENS.Secrets) private readonly secrets: SecretRegistry,
    @inject(TOKENS.Plugins) readonly plugins: PluginRegistry,
    @inject(TOKENS.Scheduler) readonly scheduler: TaskScheduler,
    @inject(TOKENS.EmbeddedRtmp) private readonly embedded: { server?: EmbeddedRtmp },
    @inject(TOKENS.Metrics) readonly metrics: MetricsRegistry,
    @inject(TOKENS.Cluster) readonly cluster: { node?: ClusterNode },
  ) {}

  /** Starts the API and the heartbeat sweep; resolves with the listening URL. */
  async listen(): Promise<string> {
    const { api, heartbeat } = this.config;
    this.app = await buildApi({
      scheduler: this.scheduler, logger: this.logger, bodyLimit: api.bodyLimit, token: api.token, rateLimitPerMinute: api.rateLimitPerMinute,
      maxRangeHours: this.config.playback.maxRangeHours,
      registerSecret: (s) => this.secrets.add(s), ready: () => this.ready, metrics: this.metrics,
      plugins: this.plugins, sink: this.config.sink, httpFlvBase: httpFlvBase(this.config.rtmp), heartbeatTimeoutMs: heartbeat.timeoutMs,
      nodeId: this.cluster.node?.id,
      extend: this.cluster.node && ((app) => this.cluster.node!.install(app)),
      health: () => ({ ...(this.draining ? { status: 'draining' } : {}), ...this.cluster.node?.health() }),
    });
    if (!api.token && !LOOPBACK.has(api.host))
      this.logger.warn({ host: api.host }, 'the API listens beyond loopback without api.token: anyone who reaches it can start and stop streams');
    const url = await this.app.listen({ host: api.host, port: api.port });
    this.sweep = setInterval(() => void this.scheduler.expire(), heartbeat.sweepMs);
    await this.cluster.node?.start(url);
    this.ready = true;
    this.logger.info({ url, sink: this.config.sink, categories: [...this.plugins.sources.keys()] }, 'nvr-pusher ready');
    return url;
  }

  /**
   * Graceful stop: drain first when shutdown.drainMs is set (no new upstreams, open handles served until they stop
   * or the time is up), then refuse requests, stop every stream, log out, release SDKs, leave the cluster.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ready = false;
      await this.drain();
      if (this.sweep) clearInterval(this.sweep);
      await this.closeApi();
      this.logger.debug('close: API closed');
      await this.scheduler.shutdown();
      this.logger.debug('close: scheduler stopped');
      await this.cluster.node?.stop().catch((e) => this.logger.warn({ err: e }, 'leaving the cluster failed'));
      await this.plugins.dispose((name, e) => this.logger.warn({ plugin: name, err: e }, 'plugin dispose failed'));
      await this.embedded.server?.stop().catch(() => undefined);
      this.logger.info('nvr-pusher stopped');
    })();
    return this.closing;
  }

  /** Closes the API; connections still open after 3 s (peers' keep-alive sockets) are cut. */
  private async closeApi(): Promise<void> {
    if (!this.app) return;
    const closed = this.app.close().catch(() => undefined);
    const t = setTimeout(() => this.app.server.closeAllConnections(), 3000);
    await closed;
    clearTimeout(t);
  }

  private async drain(): Promise<void> {
    const { drainMs } = this.config.shutdown;
    if (drainMs <= 0 || !this.app || this.scheduler.handleCount === 0) return;
    this.draining = true;
    this.scheduler.drain();
    await this.cluster.node?.drain();
    this.logger.info({ handles: this.scheduler.handleCount, drainMs }, 'draining: no new streams; open play handles are served until they stop');
    const end = Date.now() + drainMs;
    while (this.scheduler.handleCount > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    this.logger.info({ handles: this.scheduler.handleCount }, 'drain finished');
  }
}
