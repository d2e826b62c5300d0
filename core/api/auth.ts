import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { failure } from './error-reply.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Optional bearer token (`api.token`): off when empty, for old clients. /healthz stays open for probes.
 * Compared in constant time; the token is registered as a secret so it never reaches a log line.
 */
export function requireToken(app: FastifyInstance, token: string): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0]!.toLowerCase().replace(/\/+$/, '') === '/healthz') return;
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(failure(401, 'authorization: a valid "Authorization: Bearer <token>" header is required'));
    }
  });
}
