/**
 * One SDK per process: `NET_DVR_Init` once, `NET_DVR_Cleanup` when the last user released it. Keyed by the
 * library file, because two plugin instances in one process (tests, two categories) must share it.
 */
import type { HikSdk, SdkInitOptions } from './hik-sdk.js';
import { KoffiHikSdk } from './koffi-hik-sdk.js';

interface Shared {
  sdk: Promise<KoffiHikSdk>;
  users: number;
}
const shared = new Map<string, Shared>();

/** Returns the process's SDK for `file`, initialising it on first use. Pair every call with `releaseHikSdk`. */
export function acquireHikSdk(file: string, opts: SdkInitOptions): Promise<HikSdk> {
  let s = shared.get(file);
  if (!s) {
    s = { sdk: KoffiHikSdk.open(file, opts), users: 0 };
    shared.set(file, s);
    s.sdk.catch(() => shared.delete(file));
  }
  s.users++;
  return s.sdk;
}

/** Drops one user; the last one runs `NET_DVR_Cleanup` (resolves true then). */
export async function releaseHikSdk(file: string): Promise<boolean> {
  const s = shared.get(file);
  if (!s) return false;
  if (--s.users > 0) return false;
  shared.delete(file);
  const sdk = await s.sdk;
  await sdk.cleanup();
  return true;
}
