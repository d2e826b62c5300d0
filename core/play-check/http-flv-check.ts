/**
 * Reads a stream over HTTP-FLV until a coded video frame arrives: the play side's view of a publication. Retries
 * an error answer (the server may register the stream a moment after the publish) until the deadline.
 *
 * Judged as unreachable (not as unplayable) only when no TCP connection to the play side could be made at all:
 * a server that accepts the connection and then answers nothing (SRS for a key it has no source for) or sends
 * no video runs into the bound.
 */
import http from 'node:http';
import https from 'node:https';
import { FlvVideoScanner } from './flv-video-scanner.js';
import { PlaySideUnreachable } from './unreachable.js';

const RETRY_MS = 250;

type Attempt = { kind: 'video' } | { kind: 'retry'; why: string };

/** Resolves once `url` delivered a coded video frame; rejects with the reason after `timeoutMs` or on abort. */
export async function readVideoOverHttpFlv(url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`no video frame within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => ctl.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const state = { connected: false, last: 'no answer' };
  try {
    while (!ctl.signal.aborted) {
      const r = await attempt(url, ctl.signal, state);
      if (r.kind === 'video') return;
      state.last = r.why;
      if (ctl.signal.aborted) break;
      await new Promise((res) => setTimeout(res, RETRY_MS));
    }
    if (!state.connected && !signal?.aborted) throw new PlaySideUnreachable(`${url}: ${state.last}`);
    const reason = ctl.signal.reason instanceof Error ? ctl.signal.reason.message : String(ctl.signal.reason);
    throw new Error(`${reason} (last: ${state.last})`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** One GET: resolves 'video' at the first coded video frame, 'retry' on an error answer, an end, or the abort. */
function attempt(url: string, signal: AbortSignal, state: { connected: boolean; last: string }): Promise<Attempt> {
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    const done = (a: Attempt) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(a);
    };
    const onAbort = () => done({ kind: 'retry', why: state.last });
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, (res) => {
      state.last = `HTTP ${res.statusCode}`;
      if (res.statusCode !== 200) return done({ kind: 'retry', why: `HTTP ${res.statusCode}` });
      const scanner = new FlvVideoScanner();
      state.last = 'answered, no video frame';
      res.on('data', (chunk: Buffer) => {
        if (scanner.push(chunk)) done({ kind: 'video' });
        else if (scanner.error) done({ kind: 'retry', why: scanner.error });
      });
      res.on('end', () => done({ kind: 'retry', why: 'the stream ended without a video frame' }));
      res.on('error', (e) => done({ kind: 'retry', why: e.message }));
    });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        state.connected = true;
        if (state.last === 'no answer') state.last = 'connected, no answer';
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'retry', why: e.code ?? e.message }));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
