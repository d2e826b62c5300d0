import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from '@nvr-pusher/core/contracts';
import type { TaskScheduler } from '../scheduler/task-scheduler.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { inc } from '../metrics/service-metrics.js';
import { PusherError } from '@nvr-pusher/core/contracts';
import { requireToken } from './auth.js';
import { failure, replyWithError } from './error-reply.js';
import { acceptJsonBodies } from './json-body.js';
import { rateLimit } from './rate-limit.js';
import { healthRoutes } from './routes/health.js';
import { startStreamRoutes } from './routes/start-stream.js';
import { streamControlRoutes } from './routes/stream-control.js';
import { streamsRoutes } from './routes/streams.js';
import { hostRoutes } from './routes/host.js';
import { serveConsole } from '../console/serve-console.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export interface ApiDeps {
  scheduler: TaskScheduler;
  logger: Logger;
  bodyLimit: number;
  token: string;
  rateLimitPerMinute: number;
  maxRangeHours: number;
  registerSecret(secret: string): void;
  ready(): boolean;
  metrics: MetricsRegistry;
  /** For the console's read-only endpoints (GET /api/streams, /api/host). */
  plugins: PluginRegistry;
  sink: string;
  heartbeatTimeoutMs: number;
  /** Players' HTTP-FLV base (see core/config/http-flv-url.ts); undefined when none is known. */
  httpFlvBase?: string;
  /** Cluster mode: this node's id, shown per stream by GET /api/streams. */
  nodeId?: string;
  /** Hooks put in front of the routes (cluster forwarding, core/cluster). */
  extend?(app: FastifyInstance): void;
  /** Extra /healthz fields (drain state, cluster counts). */
  health?(): Record<string, unknown>;
}


/** Builds the fastify app of the six endpoints (API.md), /healthz and /openapi.json. Not listening yet. */
export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit,
    // maxParamLength: a junk handle of any sane length reaches our validation (600) instead of a bare 414.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Router-level failures (a malformed %-escape in the path) answer in the API's format too.
    frameworkErrors: (_error, req, reply) => {
      const url = req.url.length > 120 ? `${req.url.slice(0, 120)}…` : req.url;
      void (reply as FastifyReply).code(200).send(failure(600, `path: ${url} is not a valid URL path`));
    },
    ajv: { customOptions: { coerceTypes: false, allErrors: false, removeAdditional: false } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'nvr-pusher', version: '1', description: 'NVR → RTMP pusher API (status codes in every body: 200, 600–609)' },
    },
  });
  acceptJsonBodies(app);
  requireToken(app, deps.token);
  await rateLimit(app, deps.rateLimitPerMinute);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof PusherError && error.vendorCode !== undefined)
      inc(deps.metrics, 'vendorErrors', { vendor: error.vendor ?? 'unknown', code: error.vendorCode });
    replyWithError(error as Error, request, reply);
  });
  // Every answer is an object with status_code before serialization: count it there (never parse payloads).
  app.addHook('preSerialization', async (request, _reply, payload: unknown) => {
    const endpoint = request.routeOptions.url;
    const code = (payload as { status_code?: unknown } | null)?.status_code;
    if (endpoint && endpoint !== '/metrics' && typeof code === 'number') inc(deps.metrics, 'requests', { endpoint, status_code: code });
    return payload;
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(failure(404, `no such endpoint: ${req.method} ${req.url.split('?')[0]}`));
  });
  deps.extend?.(app);
  startStreamRoutes(app, { scheduler: deps.scheduler, registerSecret: deps.registerSecret, maxRangeHours: deps.maxRangeHours });
  streamControlRoutes(app, deps.scheduler);
  healthRoutes(app, deps.scheduler, deps.ready, deps.health);
  streamsRoutes(app, deps.scheduler, deps.httpFlvBase, deps.nodeId);
  hostRoutes(app, { scheduler: deps.scheduler, plugins: deps.plugins, sink: deps.sink, flvBase: deps.httpFlvBase, heartbeatTimeoutMs: deps.heartbeatTimeoutMs });
  await serveConsole(app);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('content-type', deps.metrics.contentType).send(await deps.metrics.render()));
  return app;
}
