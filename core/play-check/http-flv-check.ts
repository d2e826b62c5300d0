/**
 * Reads a stream over HTTP-FLV until a coded video frame arrives: the play side's view of a publication. Retries
 * a refused or empty answer (the server may register the stream a moment after the publish) until the deadline.
 */
import { FlvVideoScanner } from './flv-video-scanner.js';
import { PlaySideUnreachable } from './unreachable.js';

const RETRY_MS = 250;

/** Resolves once `url` delivered a coded video frame; rejects with the reason after `timeoutMs` or on abort. */
export async function readVideoOverHttpFlv(url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`no video frame within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => ctl.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let last = 'no answer';
  let answered = false;
  try {
    while (!ctl.signal.aborted) {
      try {
        const res = await fetch(url, { signal: ctl.signal });
        answered = true;
        if (res.status !== 200 || !res.body) {
          last = `HTTP ${res.status}`;
          await res.body?.cancel().catch(() => undefined);
        } else {
          const scanner = new FlvVideoScanner();
          const reader = res.body.getReader();
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              if (scanner.push(value)) return;
              if (scanner.error) break;
            }
          } finally {
            await reader.cancel().catch(() => undefined);
          }
          last = scanner.error ?? 'the stream ended without a video frame';
        }
      } catch (e) {
        if (ctl.signal.aborted) break;
        last = describe(e);
        if (!answered) throw new PlaySideUnreachable(`${url}: ${last}`);
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    const reason = ctl.signal.reason instanceof Error ? ctl.signal.reason.message : String(ctl.signal.reason);
    if (!answered && !signal?.aborted) throw new PlaySideUnreachable(`${url}: ${last}`);
    throw new Error(`${reason} (last: ${last})`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** fetch() hides the socket error in `cause`. */
function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
