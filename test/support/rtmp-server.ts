import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.js';
import { exited, stopChild } from './child-exit.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A real RTMP server on loopback, in its own process, for one test file. */
export interface RtmpServer {
  readonly kind: 'node-media-server' | 'nginx-rtmp';
  readonly rtmpPort: number;
  /** HTTP-FLV port (node-media-server only). */
  readonly httpPort?: number;
  /** `rtmp://127.0.0.1:<port>/live` */
  readonly publishBase: string;
  rtmpUrl(key: string): string;
  /** `http://127.0.0.1:<http>/live/<key>.flv` (node-media-server only). */
  httpFlvUrl(key: string): string;
  /** Kills the server (SIGKILL) without cleanup: for fault tests. */
  kill(): Promise<void>;
  /** Starts it again on the same ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts node-media-server 4 (npm) on free ports. */
export async function startNodeMediaServer(): Promise<RtmpServer> {
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'nms-'));
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(process.execPath, [path.join(here, 'nms-child.cjs'), String(rtmpPort), String(httpPort), store], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitForPort(rtmpPort);
    await waitForPort(httpPort);
  };
  await launch();
  return {
    kind: 'node-media-server',
    rtmpPort,
    httpPort,
    publishBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    rtmpUrl: (key) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    httpFlvUrl: (key) => `http://127.0.0.1:${httpPort}/live/${key}.flv`,
    async kill() { child.kill('SIGKILL'); await exited(child); },
    async restart() { await launch(); },
    stop: () => stopChild(child, () => fs.rmSync(store, { recursive: true, force: true })),
  };
}

/** True when nginx with the rtmp module is installed (Debian `nginx libnginx-mod-rtmp`). */
export function hasNginxRtmp(): boolean {
  return fs.existsSync('/usr/sbin/nginx') && fs.existsSync('/usr/lib/nginx/modules/ngx_rtmp_module.so');
}

/** Starts nginx-rtmp (H.264 only) on a free port, with its own prefix directory. */
export async function startNginxRtmp(): Promise<RtmpServer> {
  const rtmpPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-rtmp-'));
  fs.mkdirSync(path.join(dir, 'logs'));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
worker_processes 1;
error_log ${dir}/logs/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; chunk_size 4096;
  application live { live on; record off; } } }
`);
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', conf], { stdio: ['ignore', 'inherit', 'inherit'] });
    await waitForPort(rtmpPort);
  };
  await launch();
  return {
    kind: 'nginx-rtmp',
    rtmpPort,
    publishBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    rtmpUrl: (key) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    httpFlvUrl: () => { throw new Error('nginx-rtmp serves no HTTP-FLV'); },
    async kill() { child.kill('SIGKILL'); await exited(child); },
    async restart() { await launch(); },
    stop: () => stopChild(child, () => fs.rmSync(dir, { recursive: true, force: true })),
  };
}
