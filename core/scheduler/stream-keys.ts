import { randomBytes } from 'node:crypto';

/**
 * Stream keys: unique per upstream and process, unguessable, and free of anything about the NVR (no address,
 * no credentials). A random part keeps keys distinct across restarts of the pusher, so a media server that keeps
 * a dead stream for a while (node-media-server: ~30 s) never splices two publications together.
 */
export class StreamKeys {
  private seq = 0;
  next(kind: 'live' | 'playback'): string {
    this.seq++;
    return `${kind === 'live' ? 'live' : 'back'}-${this.seq}-${randomBytes(4).toString('hex')}`;
  }
}

/** Joins a base URL (`rtmp://host:1935/live`, maybe with `?query`) and a key, keeping the query after the key. */
export function joinStreamUrl(base: string, key: string): string {
  const q = base.indexOf('?');
  const path = (q >= 0 ? base.slice(0, q) : base).replace(/\/+$/, '');
  return `${path}/${key}${q >= 0 ? base.slice(q) : ''}`;
}
