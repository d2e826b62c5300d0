/** Polls ffprobe until the stream shows what the test waits for (a reader joining a live stream mid-GOP may
 * report only some streams, e.g. no audio yet on nginx-rtmp, which keeps no GOP cache). */
import { probeStreams, type ProbedStream } from '../../../../test/support/reader.js';

export async function probeUntil(url: string, want: (s: ProbedStream[]) => boolean, timeoutMs = 20_000): Promise<ProbedStream[]> {
  const deadline = Date.now() + timeoutMs;
  let last: ProbedStream[] = [];
  let error: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probeStreams(url, 8000);
      if (want(last)) return last;
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (last.length) return last; // let the test's assertions show what was there
  throw new Error(`no stream at ${url}: ${String((error as Error)?.message ?? error)}`);
}

export const hasVideoAndAudio = (s: ProbedStream[]): boolean =>
  s.some((x) => x.codec_type === 'video') && s.some((x) => x.codec_type === 'audio');
export const hasVideo = (s: ProbedStream[]): boolean => s.some((x) => x.codec_type === 'video' && (x.width ?? 0) > 0);
