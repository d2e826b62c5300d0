/** Starts and stops the bare fastify baseline of the API scenario (`bare-fastify.ts`) in its own process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../test/support/ports.js';
import { stopChild } from './nms.js';
import { REPO_ROOT } from './paths.js';

export interface BareServer { readonly pid: number; readonly url: string; stop(): Promise<void> }

export async function startBareFastify(): Promise<BareServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/bare-fastify.ts', String(port)], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' },
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('listening')) resolve(); });
    void once(child, 'exit').then(() => reject(new Error('bare fastify exited at startup')));
  });
  await ready;
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
