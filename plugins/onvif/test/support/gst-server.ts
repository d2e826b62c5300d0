/** Starts the GStreamer RTSP test server (gst-rtsp-server.py, Debian's /usr/bin/python3) on a free loopback port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../../test/support/ports.js';
import { exited, stopChild } from '../../../../test/support/child-exit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

/** True when Debian's python3 can load the GStreamer RTSP server bindings (what setup-test-deps.sh installs). */
export function hasGstRtspServer(): boolean {
  if (!fs.existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"], { stdio: 'ignore' });
  if (r.status !== 0) return false;
  return spawnSync('gst-inspect-1.0', ['x264enc'], { stdio: 'ignore' }).status === 0;
}

export interface GstServer {
  readonly port: number;
  url(path: string): string;
  /** SIGKILL: the server vanishes mid-stream. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startGstServer(user: string, password: string, auth: 'basic' | 'digest' = 'digest'): Promise<GstServer> {
  const port = await freePort();
  let child: ChildProcess;
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      child = spawn(PYTHON, [path.join(here, 'gst-rtsp-server.py'), String(port), user, password, auth], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      const timer = setTimeout(() => reject(new Error('GStreamer RTSP server did not start within 20 s')), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`GStreamer RTSP server exited (${code}) before it was ready`));
      });
    });
  await launch();
  return {
    port,
    url: (p) => `rtsp://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      await launch();
    },
    async stop() {
      await stopChild(child);
    },
  };
}
