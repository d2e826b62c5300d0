import type { FastifyInstance } from 'fastify';
import { failure } from './error-reply.js';

/** Most clients remembered at once; beyond it the least recently seen are forgotten (bounded memory). */
const MAX_CLIENTS = 10_000;

/**
 * Optional per-client rate limit (`api.rateLimitPerMinute`, 0 = off): a token bucket per remote address refilled
 * continuously; an empty bucket answers HTTP 429 with a JSON body. /healthz is exempt (probes).
 */
export function rateLimit(app: FastifyInstance, perMinute: number, now: () => number = Date.now): void {
  if (perMinute <= 0) return;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0]!.toLowerCase().replace(/\/+$/, '') === '/healthz') return;
    const key = request.ip;
    const t = now();
    const b = buckets.get(key) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    buckets.delete(key);
    buckets.set(key, b); // most recently seen last
    if (buckets.size > MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    if (b.tokens < 1) {
      const wait = Math.ceil((1 - b.tokens) / ratePerMs / 1000);
      return reply.code(429).header('retry-after', String(wait)).send(failure(429, `too many requests from ${key}: at most ${perMinute} per minute (api.rateLimitPerMinute); retry in ${wait} s`));
    }
    b.tokens -= 1;
  });
}
