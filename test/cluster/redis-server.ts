/** A real redis-server (Debian package) on a free loopback port, without persistence, for one test file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from '../support/ports.js';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: the data is gone (no persistence), like a crashed or restarted Redis. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const exited = (c: ChildProcess) => new Promise<void>((resolve) => {
  if (c.exitCode !== null || c.signalCode !== null) resolve();
  else c.once('exit', () => resolve());
});

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForPort(port, 15_000);
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() { child.kill('SIGKILL'); await exited(child); },
    restart: launch,
    async stop() { child.kill('SIGTERM'); await exited(child); },
  };
}
