import type { SimulatorSource } from '../../plugins/simulator/src/index.js';
import type { FakeSink } from '../fakes/fake-sink.js';
import { startService, type TestService } from '../support/service.js';

export interface ApiFixture extends TestService {
  sim: SimulatorSource;
  sink: FakeSink;
  inject(method: 'GET' | 'POST', url: string, payload?: unknown, headers?: Record<string, string>): Promise<{ statusCode: number; body: any }>;
}

export const NVR = { nvr_category: 99, nvr_addr: '10.8.30.109', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'S3cret-Pw!', nvr_channel: 1 } as const;

/** The real service with the simulator source and the in-memory fake sink (no sockets to media servers). */
export async function startApi(opts: { simulator?: Record<string, unknown>; config?: Record<string, any> } = {}): Promise<ApiFixture> {
  const svc = await startService({
    config: {
      sink: 'fake-sink',
      plugins: [
        { module: './plugins/simulator', options: { password: NVR.nvr_pwd, ...opts.simulator } },
        { module: './test/fixtures/plugins/fake-sink' },
      ],
      ...opts.config,
    },
  });
  const plugins = svc.running.service.plugins;
  return Object.assign(svc, {
    sim: plugins.sources.get(99)!.source as unknown as SimulatorSource,
    sink: plugins.sinks.get('fake-sink')!.sink as unknown as FakeSink,
    async inject(method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
      const res = await svc.running.app.inject({
        method, url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
        payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
      return { statusCode: res.statusCode, body: res.json() };
    },
  });
}

export const until = async (cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};
