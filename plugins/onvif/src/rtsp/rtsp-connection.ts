/**
 * One RTSP control connection over TCP with interleaved RTP (RFC 2326 §10.12): requests with CSeq and Session,
 * authentication on the first 401 (Digest or Basic, reused for later requests), and interleaved packets handed
 * to `onPacket`. Credentials never go into a URL on the wire.
 */
import { connect, type Socket } from 'node:net';
import { authorization, parseChallenges, type Challenge } from '../format/rtsp-auth.js';
import { encodeRequest, header, RtspReader, type RtspResponse } from '../format/rtsp-message.js';

/** A non-2xx RTSP answer, or a transport failure (`status` 0). */
export class RtspError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string, readonly retryAfter?: string) {
    super(message);
    this.name = 'RtspError';
  }
}

export interface RtspConnectionOptions {
  user: string;
  password: string;
  /** Longest wait for connect and each answer. */
  timeoutMs: number;
  userAgent?: string;
}

interface Pending {
  resolve(r: RtspResponse): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** `rtsp://user:pw@host:port/path?q` → the URL without userinfo (what goes on the wire). */
export function stripCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

export class RtspConnection {
  private readonly reader = new RtspReader();
  private readonly pending = new Map<number, Pending>();
  private cseq = 0;
  private challenge?: Challenge;
  private nonceCount = 0;
  private closed = false;
  session?: string;
  /** Interleaved packets (RTP on even channels, RTCP on odd ones). */
  onPacket: (channel: number, data: Uint8Array) => void = () => undefined;
  /** The connection ended (server closed, network error, or malformed data); not called after close(). */
  onClose: (error: RtspError) => void = () => undefined;

  private constructor(private readonly socket: Socket, private readonly o: RtspConnectionOptions) {
    socket.on('data', (chunk: Buffer) => this.data(chunk));
    socket.on('error', (e) => this.lost(new RtspError(0, e.message, `RTSP connection failed: ${e.message}`)));
    socket.on('close', () => this.lost(new RtspError(0, 'closed', 'RTSP server closed the connection')));
  }

  static connect(url: string, o: RtspConnectionOptions, signal: AbortSignal): Promise<RtspConnection> {
    signal.throwIfAborted();
    const u = new URL(url);
    if (u.protocol !== 'rtsp:') return Promise.reject(new RtspError(0, 'bad url', `not an rtsp:// URL: ${u.protocol}`));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 554) });
      socket.setNoDelay(true);
      const fail = (e: Error) => {
        cleanup();
        socket.destroy();
        reject(e);
      };
      const timer = setTimeout(() => fail(new RtspError(0, 'timeout', `RTSP connect to ${u.host} timed out after ${o.timeoutMs} ms`)), o.timeoutMs);
      const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const onError = (e: Error) => fail(new RtspError(0, e.message, `RTSP connect to ${u.host} failed: ${e.message}`));
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.off('error', onError);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('connect', () => {
        cleanup();
        resolve(new RtspConnection(socket, o));
      });
    });
  }

  /** Sends a request; on a first 401 answers the challenge and repeats it. Rejects with RtspError on non-2xx. */
  async request(method: string, uri: string, extra: readonly (readonly [string, string])[] = []): Promise<RtspResponse> {
    let r = await this.send(method, uri, extra);
    if (r.status === 401) {
      // Answer a challenge once: the first one, a stale nonce, or a new nonce. The same nonce again = wrong credentials.
      const fresh = parseChallenges(r.headers.get('www-authenticate') ?? [])[0];
      const used = this.challenge;
      const retry = fresh && (!used || fresh.params.get('stale')?.toLowerCase() === 'true' || (fresh.scheme === 'digest' && fresh.params.get('nonce') !== used.params.get('nonce')));
      if (retry) {
        this.challenge = fresh;
        this.nonceCount = 0;
        r = await this.send(method, uri, extra);
      }
    }
    if (r.status < 200 || r.status > 299) {
      const auth = r.status === 401 ? ` (${(r.headers.get('www-authenticate') ?? []).map((v) => v.split(/\s/)[0]).join('/') || 'no challenge'})` : '';
      throw new RtspError(r.status, r.reason, `RTSP ${method} answered ${r.status} ${r.reason}${auth}`, header(r, 'retry-after'));
    }
    const s = header(r, 'session');
    if (s) this.session = s.split(';')[0]!.trim();
    return r;
  }

  private send(method: string, uri: string, extra: readonly (readonly [string, string])[]): Promise<RtspResponse> {
    if (this.closed) return Promise.reject(new RtspError(0, 'closed', 'RTSP connection is closed'));
    const cseq = ++this.cseq;
    const headers: (readonly [string, string])[] = [['CSeq', String(cseq)], ['User-Agent', this.o.userAgent ?? 'nvr-pusher']];
    if (this.challenge) headers.push(['Authorization', authorization(this.challenge, this.o.user, this.o.password, method, uri, ++this.nonceCount)]);
    if (this.session) headers.push(['Session', this.session]);
    headers.push(...extra);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cseq);
        reject(new RtspError(0, 'timeout', `RTSP ${method} got no answer within ${this.o.timeoutMs} ms`));
      }, this.o.timeoutMs);
      this.pending.set(cseq, { resolve, reject, timer });
      this.socket.write(encodeRequest(method, uri, headers));
    });
  }

  private data(chunk: Buffer): void {
    let messages;
    try {
      messages = this.reader.push(chunk);
    } catch (e) {
      this.lost(new RtspError(0, 'malformed', `RTSP server sent malformed data: ${(e as Error).message}`));
      this.socket.destroy();
      return;
    }
    for (const m of messages) {
      if (this.closed) return;
      if (m.kind === 'data') this.onPacket(m.channel, m.data);
      else if (m.kind === 'response') {
        const cseq = Number(header(m, 'cseq'));
        const p = this.pending.get(cseq);
        if (!p) continue;
        this.pending.delete(cseq);
        clearTimeout(p.timer);
        p.resolve(m);
      } else {
        // A server request (GET_PARAMETER ping, ANNOUNCE): answer 200 so the server keeps the session.
        const cseq = header(m, 'cseq') ?? '0';
        this.socket.write(new TextEncoder().encode(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\n\r\n`));
      }
    }
  }

  private lost(e: RtspError): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
    this.onClose(e);
  }

  /** Closes the socket; pending requests reject; onClose is not called. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RtspError(0, 'closed', 'RTSP connection closed'));
    }
    this.pending.clear();
    this.socket.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
