/**
 * Issue 8, "Leaks" (bounded in-suite run; scripts/soak.ts runs 1,000 of each over loopback and measures memory):
 * 200 start/stop cycles (live, shared live, playback + seek, PTZ, refused) on 4 concurrent workers and 200
 * heartbeat expiries, through the real service with the simulator and a counting sink. Afterwards nothing is
 * open: handles, upstreams, simulator sessions and logins, sink sessions, pool logins (after login.graceMs), and
 * the process has no more active resources (timers, sockets) than before.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorSource } from '../../plugins/simulator/src/index.js';
import { until } from '../api/api-service.js';
import { REPO_ROOT, startService, type TestService } from '../support/service.js';
import type { CountingSink } from './fixtures/counting-sink/index.js';
import { REFUSED_CHANNEL, activeResources, runCycles, runExpiries, type Send } from './workload.js';

const PWD = 'Leak-Test-Pw-31';
const NVR = { nvr_category: 99, nvr_addr: '10.6.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: PWD };
const CYCLES = 200;
const EXPIRIES = 200;
// Long enough that a cycle under CPU contention still beats in time; short enough for quick expiries.
const HEARTBEAT_MS = 1500;

describe('200 start/stop cycles and 200 heartbeat expiries', () => {
  let svc: TestService;
  let sim: SimulatorSource;
  let sink: CountingSink;
  let send: Send;
  let before: Record<string, number>;

  beforeAll(async () => {
    before = activeResources();
    svc = await startService({
      config: {
        sink: 'counting-sink',
        heartbeat: { timeoutMs: HEARTBEAT_MS, sweepMs: 50 },
        login: { graceMs: 100 },
        plugins: [
          { module: './plugins/simulator', options: { password: PWD, refuseChannels: [REFUSED_CHANNEL] } },
          { module: './test/reliability/fixtures/counting-sink' },
        ],
      },
    });
    sim = svc.running.service.plugins.sources.get(99)!.source as unknown as SimulatorSource;
    sink = svc.running.service.plugins.sinks.get('counting-sink')!.sink as unknown as CountingSink;
    send = async (method, path, body) => (await svc.running.app.inject({
      method, url: path, payload: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    })).json();
  });
  afterAll(() => svc?.close());

  const scheduler = () => svc.running.service.scheduler;
  const drained = () => scheduler().handleCount === 0 && scheduler().upstreamCount === 0 && sim.sessions.size === 0
    && sink.live.size === 0 && scheduler().logins.size === 0 && sim.logins.size === 0;

  it(`${CYCLES} mixed start/stop cycles leave nothing open`, async () => {
    const counts = await runCycles(send, NVR, CYCLES, 4);
    expect(counts).toEqual({ live: 40, shared: 40, playback: 40, ptz: 40, refused: 40 });
    await until(drained, 5000);
    // Every sink session opened was closed (refused starts open one too), each of the 160 started upstreams
    // published at least its first key frame, and every PTZ move was stopped.
    expect(sink.closed).toBe(sink.opened);
    expect(sink.opened).toBeGreaterThanOrEqual(CYCLES);
    expect(sink.frames).toBeGreaterThanOrEqual(160);
    const ptz = sim.ptzCalls;
    expect(ptz.filter((c) => c.stop)).toHaveLength(ptz.filter((c) => !c.stop).length);
  });

  it(`${EXPIRIES} heartbeat expiries leave nothing open and are counted in /metrics`, async () => {
    const t0 = (await svc.running.app.inject({ method: 'GET', url: '/metrics' })).body;
    const started = await runExpiries(send, NVR, EXPIRIES, 50, HEARTBEAT_MS * 10);
    expect(started).toBe(EXPIRIES);
    await until(drained, 5000);
    const metric = (text: string) => Number(/^nvr_pusher_heartbeat_expiries_total(?:\{\})? (\d+)/m.exec(text)?.[1] ?? 0);
    const t1 = (await svc.running.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metric(t1) - metric(t0)).toBe(EXPIRIES);
    expect(svc.logs.filter((l) => l.includes('"reason":"heartbeat timeout"'))).toHaveLength(EXPIRIES);
  });

  it('no growth in the process\'s active resources (ref\'d timers, sockets) once everything is stopped', async () => {
    await until(drained, 5000);
    const after = activeResources();
    // The API server's listening socket and the heartbeat sweep timer are all the service itself may keep.
    // (An Immediate is a callback queued for the current turn, not something held open.)
    const allowed: Record<string, number> = { TCPServerWrap: 1, Timeout: 1 };
    const grown = Object.entries(after).filter(([k, n]) => k !== 'Immediate' && n > (before[k] ?? 0) + (allowed[k] ?? 0));
    expect(grown, JSON.stringify({ before, after })).toEqual([]);
    expect(svc.logs.join('')).not.toContain(PWD);
  });
});

describe('heap after GC', () => {
  it('scripts/soak.ts in a child process with --expose-gc: 300 cycles + 100 expiries, nothing open, heap growth within its bound', async () => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/soak.ts', '--cycles', '300', '--expiries', '100', '--sink', 'counting'], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain('PASS: nothing left open, heap within bound');
    const growth = Number(/heap growth (-?[\d.]+) MB \(bound (\d+) MB\)/.exec(out)?.[1]);
    expect(growth).toBeLessThan(16);
    expect(out).toContain('"handles":0,"upstreams":0,"poolLogins":0,"simSessions":0,"simLogins":0');
  }, 90_000);
});
