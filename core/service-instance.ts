import { inject, injectable } from 'tsyringe';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { TOKENS } from './contracts/tokens.js';
import type { ServiceConfig } from './config/schema.js';
import { buildApi } from './api/build-api.js';
import type { EmbeddedRtmp } from './embedded-rtmp.js';
import type { SecretRegistry } from './logging/secrets.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import type { TaskScheduler } from './scheduler/task-scheduler.js';
import type { MetricsRegistry } from './metrics/metrics-registry.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** One running pusher: API + scheduler + plugins (+ embedded RTMP server). */
@injectable()
export class Service {
  app!: FastifyInstance;
  private sweep?: NodeJS.Timeout;
  private ready = false;
  private closing?: Promise<void>;

  constructor(
    @inject(TOKENS.Config) readonly config: ServiceConfig,
    @inject(TOKENS.Logger) readonly logger: pino.Logger,
    @inject(TOKENS.Secrets) private readonly secrets: SecretRegistry,
    @inject(TOKENS.Plugins) readonly plugins: PluginRegistry,
    @inject(TOKENS.Scheduler) readonly scheduler: TaskScheduler,
    @inject(TOKENS.EmbeddedRtmp) private readonly embedded: { server?: EmbeddedRtmp },
    @inject(TOKENS.Metrics) readonly metrics: MetricsRegistry,
  ) {}

  /** Starts the API and the heartbeat sweep; resolves with the listening URL. */
  async listen(): Promise<string> {
    const { api, heartbeat } = this.config;
    this.app = await buildApi({
      scheduler: this.scheduler, logger: this.logger, bodyLimit: api.bodyLimit, token: api.token, rateLimitPerMinute: api.rateLimitPerMinute,
      maxRangeHours: this.config.playback.maxRangeHours,
      registerSecret: (s) => this.secrets.add(s), ready: () => this.ready, metrics: this.metrics,
    });
    if (!api.token && !LOOPBACK.has(api.host))
      this.logger.warn({ host: api.host }, 'the API listens beyond loopback without api.token: anyone who reaches it can start and stop streams');
    const url = await this.app.listen({ host: api.host, port: api.port });
    this.sweep = setInterval(() => void this.scheduler.expire(), heartbeat.sweepMs);
    this.ready = true;
    this.logger.info({ url, sink: this.config.sink, categories: [...this.plugins.sources.keys()] }, 'nvr-pusher ready');
    return url;
  }

  /** Graceful stop: refuse new requests, stop every stream, log out, release SDKs, stop the embedded server. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ready = false;
      if (this.sweep) clearInterval(this.sweep);
      await this.app?.close().catch(() => undefined);
      await this.scheduler.shutdown();
      await this.plugins.dispose((name, e) => this.logger.warn({ plugin: name, err: e }, 'plugin dispose failed'));
      await this.embedded.server?.stop().catch(() => undefined);
      this.logger.info('nvr-pusher stopped');
    })();
    return this.closing;
  }
}
