import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const MPEGTS_DIR = path.dirname(createRequire(import.meta.url).resolve('mpegts.js'));

/** A plain file path under /console/: word-character segments, no dot segments, no %-escapes. */
const ASSET = /^\/console\/(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)+$/;

/** Paths served without the API token: the page and its scripts hold no data (the page then asks for the token). */
export const isConsoleAsset = (urlPath: string): boolean => urlPath === '/' || ASSET.test(urlPath);

/**
 * The web console (docs/console.md): `/` is its page, `/console/*` its static files, `/console/vendor/mpegts.js`
 * the player from node_modules (no CDN). Plain HTML/CSS/ES modules, no build step. Hidden from the OpenAPI document.
 */
export async function serveConsole(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/console/', index: false, cacheControl: false, logLevel: 'warn' });
  await app.register(fastifyStatic, {
    root: MPEGTS_DIR, prefix: '/console/vendor/', decorateReply: false, index: false, logLevel: 'warn',
    allowedPath: (p) => p === '/mpegts.js' || p === '/mpegts.js.map',
  });
  app.get('/', { logLevel: 'warn', schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
}
