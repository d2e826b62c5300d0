import type { FastifyInstance } from 'fastify';
import type { PluginRegistry } from '../../plugins/plugin-registry.js';
import type { TaskScheduler } from '../../scheduler/task-scheduler.js';

const str = { type: 'string' } as const;
const hostReply = {
  type: 'object',
  properties: {
    status_code: { type: 'integer' },
    status_message: str,
    sink: str,
    http_flv_base: { ...str, nullable: true },
    heartbeat_timeout_ms: { type: 'integer', description: 'A handle without BEATS for this long is stopped (heartbeat.timeoutMs)' },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: str, version: { ...str, nullable: true }, kind: { type: 'string', enum: ['source', 'sink'] },
          categories: { type: 'array', items: { type: 'integer' } },
          capabilities: { type: 'array', items: str, description: 'live, playback, seek, ptz' },
        },
      },
    },
    logins: {
      type: 'array',
      items: { type: 'object', properties: { login: { ...str, description: 'category:user@addr:port (never the password)' }, users: { type: 'integer' }, state: str } },
    },
  },
} as const;

/** GET /api/host: what this pusher runs (plugins with versions and categories, sink, NVR logins). Read-only. */
export function hostRoutes(app: FastifyInstance, deps: { scheduler: TaskScheduler; plugins: PluginRegistry; sink: string; flvBase?: string; heartbeatTimeoutMs: number }): void {
  app.get('/api/host', { logLevel: 'warn', schema: { summary: 'Plugins, sink and NVR logins of this pusher (read-only)', response: { 200: hostReply } } }, async () => ({
    status_code: 200,
    status_message: 'OK',
    sink: deps.sink,
    http_flv_base: deps.flvBase ?? null,
    heartbeat_timeout_ms: deps.heartbeatTimeoutMs,
    plugins: deps.plugins.loaded.map((p) => 'source' in p
      ? { name: p.name, version: p.version ?? null, kind: 'source', categories: [...p.categories], capabilities: Object.entries(p.capabilities).filter(([, v]) => v).map(([k]) => k) }
      : { name: p.name, version: p.version ?? null, kind: 'sink', categories: [], capabilities: [] }),
    logins: deps.scheduler.logins.list(),
  }));
}
