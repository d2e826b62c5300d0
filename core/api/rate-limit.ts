import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { failure } from './error-reply.js';

/** Most clients remembered at once; beyond it the least recently seen are forgotten (bounded memory). */
const MAX_CLIENTS = 10_000;

/** What @fastify/rate-limit throws beyond the limit: the JSON body of every API answer, HTTP 429. */
export class RateLimited extends Error {
  readonly statusCode = 429;
  constructor(readonly body: ReturnType<typeof failure>) {
    super(body.status_message);
  }
}

const isHealth = (request: FastifyRequest) => request.url.split('?')[0]!.toLowerCase().replace(/\/+$/, '') === '/healthz';

/**
 * Optional per-client rate limit (`api.rateLimitPerMinute`, 0 = off) by @fastify/rate-limit: a fixed one-minute
 * window per remote address, HTTP 429 with a JSON body and `Retry-After` beyond it. /healthz is exempt (probes).
 */
export async function rateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(fastifyRateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    cache: MAX_CLIENTS,
    allowList: isHealth,
    addHeaders: { 'retry-after': true, 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    errorResponseBuilder: (request, ctx) => {
      const wait = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new RateLimited(failure(429, `too many requests from ${request.ip}: at most ${perMinute} per minute (api.rateLimitPerMinute); retry in ${wait} s`));
    },
  });
}
