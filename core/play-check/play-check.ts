/**
 * The play check: after a publish or re-publish the core reads the stream back from the play side until one coded
 * video frame arrives within a bound. HTTP-FLV when a base is known (`rtmp.httpFlvUrl`, or the embedded server's),
 * else RTMP play of `rtmp.playUrl`. A publication can be accepted and still unplayable (SRS 6 re-publish race,
 * issues #4624/#4656, fixed in SRS 7.0.127 and 8.0.5): the caller treats a failed check like a dropped publication.
 */
import type { ServiceConfig } from '../config/schema.js';
import { readVideoOverHttpFlv } from './http-flv-check.js';
import { PlaySideUnreachable } from './unreachable.js';
import { readVideoOverRtmp } from './rtmp-play-check.js';

/**
 * Resolves 'playable' when `streamKey` delivered video to a reader, 'unreachable' when the play side could not be
 * reached at all (nothing to judge: no re-publish for that); rejects with the reason when it is not playable.
 */
export type PlayCheck = (streamKey: string, signal: AbortSignal) => Promise<'playable' | 'unreachable'>;

export { PlaySideUnreachable };

export interface PlayCheckPlan {
  kind: 'http-flv' | 'rtmp';
  /** The URL for a key (no credentials: stream keys are random, URLs come from config). */
  urlFor(streamKey: string): string;
  timeoutMs: number;
}

const joinKey = (base: string, key: string, suffix = '') => {
  const q = base.indexOf('?');
  const path = q < 0 ? base : base.slice(0, q);
  const query = q < 0 ? '' : base.slice(q);
  return `${path.replace(/\/+$/, '')}/${key}${suffix}${query}`;
};

/** Where the check reads, or undefined when it is off. */
export function planPlayCheck(config: Pick<ServiceConfig, 'rtmp' | 'stream'> & { stream: { playCheck: boolean; playCheckTimeoutMs: number } }): PlayCheckPlan | undefined {
  if (!config.stream.playCheck) return undefined;
  const timeoutMs = config.stream.playCheckTimeoutMs;
  let httpBase = config.rtmp.httpFlvUrl;
  if (!httpBase && config.rtmp.embedded) {
    const app = new URL(config.rtmp.publishUrl).pathname.replace(/\/+$/, '');
    httpBase = `http://127.0.0.1:${config.rtmp.embeddedHttpPort}${app}`;
  }
  if (httpBase) return { kind: 'http-flv', urlFor: (k) => joinKey(httpBase, k, '.flv'), timeoutMs };
  const playBase = config.rtmp.playUrl || config.rtmp.publishUrl.split('?')[0]!;
  return { kind: 'rtmp', urlFor: (k) => joinKey(playBase, k), timeoutMs };
}

export function createPlayCheck(plan: PlayCheckPlan): PlayCheck {
  const read = plan.kind === 'http-flv' ? readVideoOverHttpFlv : readVideoOverRtmp;
  return async (key, signal) => {
    try {
      await read(plan.urlFor(key), plan.timeoutMs, signal);
      return 'playable';
    } catch (e) {
      if (e instanceof PlaySideUnreachable) return 'unreachable';
      throw e;
    }
  };
}
