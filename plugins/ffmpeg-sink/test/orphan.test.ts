/**
 * No orphan ffmpeg: when the pusher process dies without any cleanup (SIGKILL), its ffmpeg sees EOF on the
 * stdin pipe and exits by itself; when it exits with a session open (exit hook + EOF), none is left either.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../../../test/support/rtmp-server.js';
import { isAlive, waitUntil } from './support/process.js';
import { uniqueKey } from './support/sink.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/orphan-child.ts');

function startPusher(server: RtmpServer, mode = ''): Promise<{ pusher: ReturnType<typeof spawn>; ffmpegPid: number }> {
  const pusher = spawn(process.execPath, ['--import', 'tsx', child, server.publishBase, uniqueKey('orphan'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    pusher.stdout!.on('data', (d) => {
      out += String(d);
      const m = /pid (\d+)/.exec(out);
      if (m) resolve({ pusher, ffmpegPid: Number(m[1]) });
    });
    pusher.once('exit', (code) => { if (!/pid \d+/.test(out)) reject(new Error(`pusher exited early (${code})`)); });
  });
}

describe('no orphan ffmpeg', () => {
  let server: RtmpServer;
  beforeAll(async () => { server = await startNodeMediaServer(); });
  afterAll(async () => { await server?.stop(); });

  it('ffmpeg exits when the pusher process is SIGKILLed', async () => {
    const { pusher, ffmpegPid } = await startPusher(server);
    expect(isAlive(ffmpegPid)).toBe(true);
    pusher.kill('SIGKILL');
    await waitUntil(() => !isAlive(ffmpegPid), 15_000, `ffmpeg ${ffmpegPid} to exit`);
  }, 45_000);

  it('ffmpeg is gone when the pusher calls process.exit() with a session still open', async () => {
    const { ffmpegPid } = await startPusher(server, 'exit');
    await waitUntil(() => !isAlive(ffmpegPid), 15_000, `ffmpeg ${ffmpegPid} to exit`);
  }, 45_000);
});
