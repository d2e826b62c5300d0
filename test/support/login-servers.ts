/**
 * Loopback TCP servers that make a vendor SDK login fail in each of the ways the real HCNetSDK distinguishes
 * (6.1.9.55 on loopback, measured): nothing listening (7), junk (11), accept-then-close (9),
 * silent (10 after the connect timeout). Each binds 127.0.0.1 on a free port.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type LoginServerKind = 'junk' | 'close' | 'silent';

export interface LoginServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

export async function startLoginServer(kind: LoginServerKind): Promise<LoginServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    if (kind === 'close') s.destroy();
    else if (kind === 'junk') s.write(Buffer.from('HTTP/1.0 400 this is not an SDK device\r\n\r\n'));
    // silent: read and never answer
    s.on('data', () => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
