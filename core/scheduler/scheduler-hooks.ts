import type { NvrCredentials } from '@nvr-pusher/core/contracts';

/** An NVR account as the cluster keys ownership: never the password. */
export type NvrAccount = Pick<NvrCredentials, 'category' | 'addr' | 'port' | 'user'>;

export const accountOf = (c: NvrCredentials): NvrAccount => ({ category: c.category, addr: c.addr, port: c.port, user: c.user });

/** Hands out play_handles: positive integers, never reused. The in-process default counts from 1. */
export interface HandleAllocator {
  /** `code`: the status a failure answers with (603 live, 604 playback). */
  allocate(code: 603 | 604): number | Promise<number>;
  /** The handle stopped (STOP, heartbeat expiry, upstream ended, shutdown). */
  release(handle: number): void;
}

/** Decides whether this process may open a new upstream (and so log in) for an NVR account. */
export interface UpstreamGate {
  /** Resolves when allowed; throws a PusherError with `code` otherwise. */
  admit(account: NvrAccount, code: 603 | 604): Promise<void>;
}

/** Optional seams for cluster mode (core/cluster); without them the scheduler is a single process. */
export interface SchedulerHooks {
  handles?: HandleAllocator;
  gate?: UpstreamGate;
}
