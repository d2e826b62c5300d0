/**
 * The BEATS baseline: a bare fastify server (no logger, no hooks) whose `/STREAM/:play_handle/BEATS` returns the
 * same body with the same schemas as the pusher's. Run as its own process (`node --import tsx bench/lib/bare-fastify.ts
 * <port>`), so the pusher and the baseline are measured the same way; prints `listening` when ready.
 */
import Fastify from 'fastify';
import { handleParams, statusOnly } from '../../core/api/schemas.js';

const OK = { status_code: 200, status_message: 'OK' } as const;
const port = Number(process.argv[2]);
const app = Fastify({ logger: false });
app.get('/STREAM/:play_handle/BEATS', { schema: { params: handleParams, response: { 200: statusOnly } } }, async () => OK);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write('listening\n');
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
