/** The real service with the faulty fixture source (category 98), the simulator (99) and the fake sink. */
import type { SimulatorSource } from '../../plugins/simulator/src/index.js';
import type { FakeSink } from '../fakes/fake-sink.js';
import { startService, type TestService } from '../support/service.js';
import { FAULTY, type FaultySource } from './fixtures/faulty-source/index.js';

export const FAULTY_NVR = { nvr_category: FAULTY.category, nvr_addr: '10.9.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'Faulty-Pw-42', nvr_channel: FAULTY.channels.healthy };

export interface FaultyFixture extends TestService {
  faulty: FaultySource;
  sim: SimulatorSource;
  sink: FakeSink;
  send(method: 'GET' | 'POST', url: string, body?: unknown): Promise<any>;
  /** Every resource of the service is back to zero (login pool after its grace). */
  drained(): boolean;
}

export async function startFaulty(config: Record<string, any> = {}): Promise<FaultyFixture> {
  const svc = await startService({
    config: {
      sink: 'fake-sink',
      ...config,
      login: { graceMs: 30, backoffMs: 0, timeoutMs: 2000, ...(config.login ?? {}) },
      plugins: [
        { module: './test/reliability/fixtures/faulty-source' },
        { module: './plugins/simulator', options: { password: 'Sim-Pw-0042' } },
        { module: './test/fixtures/plugins/fake-sink' },
      ],
    },
  });
  const p = svc.running.service.plugins;
  const faulty = p.sources.get(FAULTY.category)!.source as unknown as FaultySource;
  const sim = p.sources.get(99)!.source as unknown as SimulatorSource;
  const sink = p.sinks.get('fake-sink')!.sink as unknown as FakeSink;
  const s = svc.running.service.scheduler;
  return Object.assign(svc, {
    faulty, sim, sink,
    async send(method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await svc.running.app.inject({ method, url, payload: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} for ${method} ${url}: ${res.body}`);
      return res.json();
    },
    drained: () => s.handleCount === 0 && s.upstreamCount === 0 && s.logins.size === 0 && faulty.sessions.size === 0
      && faulty.logins.size === 0 && sim.sessions.size === 0 && sim.logins.size === 0 && sink.open_.length === 0,
  });
}
