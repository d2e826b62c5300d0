import type { FastifyInstance } from 'fastify';
import { badParameter } from '@nvr-pusher/core/contracts';

/**
 * Every POST body is read as JSON whatever its Content-Type: old front ends and `curl -d` send JSON labelled as
 * form data or text. Empty bodies and non-objects are 600 naming `body`.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (!text) return done(badParameter('body', 'a JSON object is required'), undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return done(badParameter('body', `malformed JSON (${(e as Error).message})`), undefined);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return done(badParameter('body', 'must be a JSON object'), undefined);
    done(null, value);
  });
}
