import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Logger } from '@nvr-pusher/core/contracts';

const require = createRequire(import.meta.url);

export interface EmbeddedRtmp {
  readonly rtmpPort: number;
  readonly httpPort: number;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

type NmsLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * node-media-server prints plain text through one shared logger object; its `log` is replaced so every line
 * becomes a JSON record of ours (masked like the rest). Its banner and per-session chatter (`info`) are `debug`
 * here; its warnings and errors keep their level.
 */
function routeNmsLog(log: Logger): void {
  const nmsLogger = require('node-media-server/src/core/logger.js') as { log(message: string, level?: NmsLevel): void };
  nmsLogger.log = (message, level = 'info') => {
    const to = level === 'warn' || level === 'error' ? level : level === 'trace' ? 'trace' : 'debug';
    log[to]({ nmsLevel: level }, String(message));
  };
}

/**
 * node-media-server 4 in-process on loopback, so `npm start` works with no SRS (rtmp.embedded). It keeps a global
 * context, so one per process. Its own listen errors exit the process, hence the port checks first.
 */
export async function startEmbeddedRtmp(publishUrl: string, httpPort: number, logger: Logger): Promise<EmbeddedRtmp> {
  const url = new URL(publishUrl.replace(/^rtmp/, 'http'));
  const rtmpPort = Number(url.port || 1935);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`rtmp.embedded needs rtmp.publishUrl on this host (127.0.0.1), got ${url.hostname}; turn rtmp.embedded off to publish elsewhere`);
  for (const [key, port] of [['rtmp.publishUrl', rtmpPort], ['rtmp.embeddedHttpPort', httpPort]] as const) {
    if (!(await portFree(port))) throw new Error(`${key}: port ${port} is in use; free it, change it, or set rtmp.embedded=false to use the server already there`);
  }
  routeNmsLog(logger.child({ component: 'node-media-server' }));
  const NodeMediaServer = require('node-media-server') as new (c: object) => { run(): Promise<void>; stop(): Promise<void> };
  const nms = new NodeMediaServer({
    bind: '127.0.0.1',
    rtmp: { port: rtmpPort, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
    http: { port: httpPort, allow_origin: '*' },
    webadmin: { enable: false },
    store: { path: path.join(os.tmpdir(), `nvr-pusher-nms-${process.pid}`) },
  });
  await nms.run();
  logger.info({ rtmp: `rtmp://127.0.0.1:${rtmpPort}${url.pathname}`, httpFlv: `http://127.0.0.1:${httpPort}${url.pathname}/<key>.flv` }, 'embedded RTMP server (node-media-server) started');
  return { rtmpPort, httpPort, stop: () => nms.stop() };
}
