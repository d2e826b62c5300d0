import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { failure } from './error-reply.js';
import { isConsoleAsset } from '../console/serve-console.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Optional bearer token (`api.token`): off when empty, for old clients. /healthz stays open for probes, and so do
 * the console's static files (no data in them; the page asks for the token).
 * Compared in constant time; the token is registered as a secret so it never reaches a log line.
 */
export function requireToken(app: FastifyInstance, token: string): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    const urlPath = request.url.split('?')[0]!;
    if (urlPath.toLowerCase().replace(/\/+$/, '') === '/healthz' || isConsoleAsset(urlPath)) return;
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(failure(401, 'authorization: a valid "Authorization: Bearer <token>" header is required'));
    }
  });
}
