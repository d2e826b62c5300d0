import type { PusherError } from '@nvr-pusher/core/contracts';

/** Awaits a promise that must reject and returns its error (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<PusherError> {
  try {
    await p;
  } catch (e) {
    return e as PusherError;
  }
  throw new Error('expected a rejection');
}
