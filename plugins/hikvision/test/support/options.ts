import type { HikvisionOptions } from '../../src/options.js';

/** The schema defaults, overridable (what the loader would hand `create`). */
export function hikOptions(o: Partial<HikvisionOptions> = {}): HikvisionOptions {
  return {
    categories: [0], sdkPath: '', libraryName: '', libcryptoPath: '', libsslPath: '', connectTimeoutMs: 3000, connectTries: 1, sdkThreads: 4,
    reconnectIntervalMs: 10_000, streamType: 'main', linkMode: 'tcp', unavailable: 'fail', dumpRaw: '', ptzSpeed: 4,
    searchTimeoutMs: 30_000, positionPollMs: 1000, ...o,
  };
}
