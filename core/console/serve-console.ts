import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { failure } from '../api/error-reply.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// core/console/serve-console.ts → ./public; core/dist/console/serve-console.js → ../../console/public.
const PUBLIC_DIR = [path.join(here, 'public'), path.join(here, '../../console/public')].find((d) => fs.existsSync(d))!;
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
  await app.register(async (scope) => {
    // A refused file (dot segments: 403 from the static server) answers like any unknown path.
    scope.setErrorHandler((error: { statusCode?: number }, req, reply) => {
      const code = error.statusCode === 403 || error.statusCode === 404 ? 404 : 500;
      void reply.code(code).send(failure(code, code === 404 ? `no such endpoint: ${req.method} ${req.url.split('?')[0]}` : 'console: cannot serve the file'));
    });
    await scope.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/console/', index: false, cacheControl: false, logLevel: 'warn' });
    await scope.register(fastifyStatic, {
      root: MPEGTS_DIR, prefix: '/console/vendor/', decorateReply: false, index: false, logLevel: 'warn',
      allowedPath: (p) => p === '/mpegts.js' || p === '/mpegts.js.map',
    });
    scope.get('/', { logLevel: 'warn', schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  });
}
