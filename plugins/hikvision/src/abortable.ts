/**
 * An SDK call cannot be cancelled once it runs on a koffi worker. `abortable` lets the caller give up at once
 * when `signal` aborts (rejecting with its reason, as the contracts ask) and hands a result that arrives later
 * to `cleanup` (log out, stop the session) so nothing leaks.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal, cleanup: (late: T) => unknown): Promise<T> {
  if (signal.aborted) {
    work.then(cleanup, () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(signal.reason);
      work.then(cleanup, () => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(e);
      },
    );
  });
}
