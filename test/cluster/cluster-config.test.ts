import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../core/config/load-config.js';
import { ClusterNode } from '../../core/cluster/cluster-node.js';
import { MetricsRegistry } from '../../core/metrics/metrics-registry.js';

describe('cluster.* config', () => {
  it('is off by default: empty redisUrl, drainMs 0', () => {
    const { config } = loadConfig({ env: {} });
    expect(config.cluster).toMatchObject({ redisUrl: '', nodeId: '', advertiseUrl: '', nodeTtlMs: 10_000 });
    expect(config.shutdown.drainMs).toBe(0);
  });

  it('refuses a redisUrl or advertiseUrl that is not a URL of the right scheme, naming the key', () => {
    expect(() => loadConfig({ env: {}, overrides: { cluster: { redisUrl: 'localhost:6379' } } })).toThrow(/cluster\.redisUrl/);
    expect(() => loadConfig({ env: {}, overrides: { cluster: { advertiseUrl: 'ftp://x' } } })).toThrow(/cluster\.advertiseUrl/);
    expect(loadConfig({ env: { NVR_PUSHER_CLUSTER_REDIS_URL: 'rediss://:pw@redis.internal:6380/1' } }).config.cluster.redisUrl).toBe('rediss://:pw@redis.internal:6380/1');
  });

  it('a node TTL beyond the heartbeat timeout stops startup before any Redis connection', () => {
    const { config } = loadConfig({ env: {}, overrides: { cluster: { redisUrl: 'redis://127.0.0.1:1', nodeTtlMs: 120_000 } } });
    expect(() => new ClusterNode(config, pino({ level: 'silent' }), new MetricsRegistry())).toThrow(/cluster\.nodeTtlMs/);
  });
});
