import type { FastifyInstance } from 'fastify';
import type { TaskScheduler } from '../../scheduler/task-scheduler.js';

/** GET /healthz: liveness and readiness for probes (never behind the API token). */
export function healthRoutes(app: FastifyInstance, scheduler: TaskScheduler, ready: () => boolean, extra?: () => Record<string, unknown>): void {
  // Polled by probes and consoles: no request log lines.
  app.get('/healthz', { logLevel: 'warn', schema: { hide: true } }, async (_req, reply) => {
    const ok = ready();
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'starting',
      handles: scheduler.handleCount,
      streams: scheduler.upstreamCount,
      logins: scheduler.logins.size,
      uptime_s: Math.round(process.uptime()),
      ...extra?.(),
    });
  });
}
