/**
 * A TCP connect to the RTMP server, made when a session opens, in parallel with ffmpeg.
 *
 * Why: ffmpeg opens its output only after it has probed the input (for PS: `probeSizeBytes` of media), so a
 * dead server would surface only after that much media arrived, or never if the source sends little. This
 * check reports an unreachable server at once; what happens after the TCP connect (handshake, publish) is
 * still judged from ffmpeg's own stderr.
 */
import net from 'node:net';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'rtmp:': 1935, 'rtmps:': 443, 'rtmpt:': 80, 'rtmpts:': 443 };

/** Host and port the URL's server listens on, or undefined when the URL is not a network URL. */
export function serverAddress(url: string): { host: string; port: number } | undefined {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
    return host && port ? { host, port } : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves with undefined when a TCP connection could be opened, else with the reason (`ECONNREFUSED`, …). */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}
