/** node-media-server 4 in its own process (the tests' nms-child.cjs), with its pid for /proc figures. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../test/support/ports.js';
import { REPO_ROOT } from './paths.js';

export interface Nms {
  readonly pid: number;
  readonly rtmpPort: number;
  readonly httpPort: number;
  publishBase: string;
  httpFlvUrl(key: string): string;
  stop(): Promise<void>;
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(t);
}

export async function startNms(): Promise<Nms> {
  const rtmpPort = await freePort();
  const httpPort = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nms-'));
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/support/nms-child.cjs'), String(rtmpPort), String(httpPort), store], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(rtmpPort);
  await waitForPort(httpPort);
  return {
    pid: child.pid!,
    rtmpPort,
    httpPort,
    publishBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    httpFlvUrl: (key) => `http://127.0.0.1:${httpPort}/live/${key}.flv`,
    async stop() {
      await stopChild(child);
      fs.rmSync(store, { recursive: true, force: true });
    },
  };
}
