import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService as start, type RunningService } from '../../core/service.js';

/** The repository root: plugin `module` paths in test configs are relative to it (`./plugins/hikvision`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestService {
  readonly baseUrl: string;
  readonly running: RunningService;
  /** Log lines written so far (already redacted, as they would reach stdout). */
  readonly logs: string[];
  post(path: string, body: unknown): Promise<any>;
  get(path: string): Promise<any>;
  close(): Promise<void>;
}

/**
 * Starts the real service on a free port with `config` over test defaults (no embedded RTMP server, API on
 * 127.0.0.1:0, quiet logs collected in `logs`). Plugin paths resolve against the repository root.
 */
export async function startService({ config = {} }: { config?: Record<string, any> } = {}): Promise<TestService> {
  const logs: string[] = [];
  const overrides = {
    ...config,
    api: { host: '127.0.0.1', port: 0, ...(config.api ?? {}) },
    rtmp: { embedded: false, ...(config.rtmp ?? {}) },
    log: { level: 'info', ...(config.log ?? {}) },
  };
  const running = await start({
    overrides,
    env: {},
    logSink: (l) => { logs.push(l); },
    baseDir: REPO_ROOT,
  });
  const baseUrl = running.url;
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(baseUrl + p, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    return res.json();
  };
  return {
    baseUrl, running, logs,
    post: (p, body) => call('POST', p, body),
    get: (p) => call('GET', p),
    close: () => running.close(),
  };
}
