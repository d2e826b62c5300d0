/**
 * `NET_DVR_FindFile_V40` / `FindNextFile_V40` until the device says there is no more (one file per call, so a
 * busy day is many calls: nothing is truncated). ISFINDING is answered with short growing waits, bounded by
 * `timeoutMs`. Always closes the search.
 */
import { playbackFailed, type Logger, type RecordFile } from '@nvr-pusher/core/contracts';
import type { HikSdk, TimeRange } from './sdk/index.js';
import { VENDOR, vendorFailure } from './vendor-failure.js';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });

export async function searchRecords(sdk: HikSdk, userId: number, range: TimeRange, timeoutMs: number, signal: AbortSignal, log: Logger): Promise<RecordFile[]> {
  signal.throwIfAborted();
  let search: number;
  try {
    search = await sdk.openSearch(userId, range);
  } catch (e) {
    throw playbackFailed(vendorFailure(e, log, 'record search'));
  }
  const files: RecordFile[] = [];
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  try {
    for (;;) {
      signal.throwIfAborted();
      let step;
      try {
        step = await sdk.nextFile(search);
      } catch (e) {
        throw playbackFailed(vendorFailure(e, log, 'record search'));
      }
      if (step.status === 'file') {
        files.push(step.file);
        wait = 20;
      } else if (step.status === 'busy') {
        if (Date.now() + wait > deadline) throw playbackFailed({ vendor: VENDOR, text: `record search still busy after ${timeoutMs} ms` });
        await sleep(wait, signal);
        wait = Math.min(wait * 2, 200);
      } else if (step.status === 'none' || step.status === 'end') {
        break;
      } else {
        const text = step.code === 1005 ? 'record search timed out at the NVR' : 'record search failed at the NVR';
        throw playbackFailed({ vendor: VENDOR, vendorCode: step.code, text });
      }
    }
  } finally {
    await sdk.closeSearch(search).catch((e) => log.warn({ err: e }, 'closing the record search failed'));
  }
  return files.sort((a, b) => a.start - b.start);
}
