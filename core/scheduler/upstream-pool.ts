/**
 * The upstreams a pusher carries: live ones shared per camera (same NVR + channel → one upstream, many handles),
 * playbacks one per request, and the per-host capacity (`stream.maxStreams`). The TaskScheduler façade asks it;
 * it owns no timers and starts nothing.
 */
import { PusherError, type WallTime } from '@nvr-pusher/core/contracts';
import type { Upstream } from './upstream.js';
import type { NvrAccount } from './scheduler-hooks.js';

export interface SharedUpstream {
  readonly upstream: Upstream;
  readonly rtmpUrl: string;
  readonly handles: Set<number>;
  /** The camera key of a live upstream (shared); undefined for a playback. */
  readonly shareKey?: string;
  readonly category: number;
  /** The NVR and channel (never the credentials), for snapshot(). */
  readonly nvr: { addr: string; port: number; channel: number; plugin: string };
  readonly startedAt: number;
  readonly range?: { start: WallTime; stop: WallTime };
  /** The NVR account (no password): cluster ownership. */
  readonly account: NvrAccount;
}

export class UpstreamPool {
  private readonly byUpstream = new Map<Upstream, SharedUpstream>();
  private readonly liveByCamera = new Map<string, SharedUpstream>();
  private closing = false;
  private draining = false;

  constructor(private readonly maxStreams: number) {}

  get size(): number {
    return this.byUpstream.size;
  }

  entries(): IterableIterator<SharedUpstream> {
    return this.byUpstream.values();
  }

  get(upstream: Upstream): SharedUpstream | undefined {
    return this.byUpstream.get(upstream);
  }

  /** The live upstream already publishing this camera, if any. */
  live(camera: string): SharedUpstream | undefined {
    return this.liveByCamera.get(camera);
  }

  /** True while `entry` is still the pool's entry for its upstream (not ended or replaced). */
  holds(entry: SharedUpstream): boolean {
    return this.byUpstream.get(entry.upstream) === entry;
  }

  /** Refuses new upstreams once shutting down or at `stream.maxStreams` (with the API code of the request kind). */
  checkCapacity(code: 603 | 604): void {
    if (this.closing) throw new PusherError(code, 'the pusher is shutting down');
    if (this.draining) throw new PusherError(code, 'the pusher is draining for a restart and takes no new streams; retry on another pusher');
    if (this.byUpstream.size >= this.maxStreams)
      throw new PusherError(code, `this pusher already carries its maximum of ${this.maxStreams} streams (stream.maxStreams); stop a stream or add a pusher`);
  }

  add(entry: SharedUpstream): void {
    this.byUpstream.set(entry.upstream, entry);
    if (entry.shareKey) this.liveByCamera.set(entry.shareKey, entry);
  }

  /** Removes `entry`; false when it was already gone. */
  remove(entry: SharedUpstream): boolean {
    if (!this.byUpstream.delete(entry.upstream)) return false;
    if (entry.shareKey && this.liveByCamera.get(entry.shareKey) === entry) this.liveByCamera.delete(entry.shareKey);
    return true;
  }

  /** No new upstream from now on, while open handles keep working (SIGTERM drain). */
  drain(): void {
    this.draining = true;
  }

  /** No new upstream from now on (shutdown). */
  close(): void {
    this.closing = true;
  }
}
