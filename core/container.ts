import 'reflect-metadata';
import { container as root, type DependencyContainer } from 'tsyringe';
import { TOKENS } from './contracts/tokens.js';
import type { LoadedConfig } from './config/load-config.js';
import { startEmbeddedRtmp, type EmbeddedRtmp } from './embedded-rtmp.js';
import { createLogger, type LineSink } from './logging/logger.js';
import { SecretRegistry } from './logging/secrets.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { TaskScheduler } from './scheduler/task-scheduler.js';
import { MetricsRegistry } from './metrics/metrics-registry.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { monotonicNow } from './scheduler/clock.js';


/** One monotonic clock for the whole service (TOKENS.Clock): plugins' ctx.clock and every scheduler deadline. */
const monotonic = { now: monotonicNow };

/**
 * The composition root: the only place that builds core services and wires them by token.
 * Each service instance gets its own child container, so tests can run several without shared state.
 */
export async function createContainer(loaded: LoadedConfig, logSink?: LineSink): Promise<DependencyContainer> {
  const { config, baseDir } = loaded;
  const secrets = new SecretRegistry();
  secrets.add(config.api.token);
  secrets.addUrl(config.rtmp.publishUrl);
  const logger = createLogger(config.log.level, secrets, logSink);
  let embedded: EmbeddedRtmp | undefined;
  let registry: PluginRegistry | undefined;
  let cluster: ClusterNode | undefined;
  try {
    if (config.rtmp.embedded) embedded = await startEmbeddedRtmp(config.rtmp.publishUrl, config.rtmp.embeddedHttpPort, logger);
    registry = await loadPlugins(config.plugins, { baseDir, logger, clock: monotonic, secrets, selectedSink: config.sink });
    const metrics = new MetricsRegistry();
    // cluster mode only with cluster.redisUrl: otherwise no Redis client exists at all
    cluster = config.cluster.redisUrl ? new ClusterNode(config, logger.child({ component: 'cluster' }), metrics) : undefined;
    const scheduler = new TaskScheduler(config, registry, logger, metrics, monotonic.now, cluster?.hooks);
    cluster?.attach(scheduler);
    const c = root.createChildContainer();
    c.register(TOKENS.Config, { useValue: config });
    c.register(TOKENS.Logger, { useValue: logger });
    c.register(TOKENS.Secrets, { useValue: secrets });
    c.register(TOKENS.Clock, { useValue: monotonic });
    c.register(TOKENS.Plugins, { useValue: registry });
    c.register(TOKENS.Scheduler, { useValue: scheduler });
    c.register(TOKENS.Metrics, { useValue: metrics });
    c.register(TOKENS.EmbeddedRtmp, { useValue: { server: embedded } });
    c.register(TOKENS.Cluster, { useValue: { node: cluster } });
    return c;
  } catch (e) {
    await cluster?.stop().catch(() => undefined);
    await registry?.dispose(() => undefined);
    await embedded?.stop();
    logger.fatal({ err: e }, 'startup failed');
    throw e;
  }
}
